import { describe, expect, it } from 'vitest';
import { renderClosedQuiz, renderDailyQuiz, renderFeedback, renderQuestionCard } from '../src/quiz/render.js';
import { orderFor, shownIndex, shownQuestion, shuffleOrder } from '../src/quiz/shuffle.js';
import { question } from './quiz-helpers.js';

const isPermutation = (order: number[], n: number) => [...order].sort((a, b) => a - b).join() === [...Array(n).keys()].join();

describe('choice order', () => {
  it('is a permutation, the same for the same seed, and differs across seeds', () => {
    for (const n of [2, 3, 4, 5]) {
      const order = shuffleOrder(n, `guild:2026-03-02:q-${n}`);
      expect(isPermutation(order, n)).toBe(true);
      expect(shuffleOrder(n, `guild:2026-03-02:q-${n}`)).toEqual(order);
    }
    const orders = new Set(Array.from({ length: 50 }, (_, i) => shuffleOrder(4, `seed-${i}`).join()));
    expect(orders.size).toBeGreaterThan(10);
  });

  it('puts the right answer at every position about equally often (no position cue)', () => {
    const counts = [0, 0, 0, 0];
    const runs = 4000;
    for (let i = 0; i < runs; i++) counts[shuffleOrder(4, `g:${i}`).indexOf(0)]! += 1;
    for (const c of counts) expect(Math.abs(c - runs / 4)).toBeLessThan(runs * 0.04);
  });

  it('falls back to the bank order for quizzes stored without one, or with one that no longer fits', () => {
    expect(orderFor(4, undefined)).toEqual([0, 1, 2, 3]);
    expect(orderFor(4, [2, 0, 1])).toEqual([0, 1, 2, 3]);
    expect(orderFor(3, [2, 2, 1])).toEqual([0, 1, 2]);
    expect(orderFor(3, [2, 0, 1])).toEqual([2, 0, 1]);
  });

  it('shows the choices in order and maps the answer and a chosen index to the letter shown', () => {
    const q = question('q-1', { choices: ['alpha', 'bravo', 'charlie', 'delta'], answer: 1 });
    const shown = shownQuestion(q, [3, 1, 0, 2]);
    expect(shown.choices).toEqual(['delta', 'bravo', 'alpha', 'charlie']);
    expect(shown.answer).toBe(1);
    expect(shownIndex(0, 4, [3, 1, 0, 2])).toBe(2);
    expect(shownIndex(0, 4, undefined)).toBe(0);
  });
});

describe('rendering with an order', () => {
  const q = question('q-1', { choices: ['alpha', 'bravo', 'charlie', 'delta'], answer: 1 });
  const order = [2, 3, 1, 0];
  const info = { quizId: '2026-03-02', seq: 3, openUntil: 0, timezone: 'Asia/Seoul', closeLabel: '21:00', order };

  it('the post: choices and buttons in the drawn order, each button carrying the bank index', () => {
    const reply = renderDailyQuiz(q, info, 'en');
    expect(reply.embeds![0]!.description).toContain('**A.** charlie\n**B.** delta\n**C.** bravo\n**D.** alpha');
    expect(reply.buttons![0]!.map((b) => [b.label, b.id])).toEqual([
      ['A', 'quiz:a:2026-03-02:2'],
      ['B', 'quiz:a:2026-03-02:3'],
      ['C', 'quiz:a:2026-03-02:1'],
      ['D', 'quiz:a:2026-03-02:0'],
    ]);
    // and a row of its own for reporting the question
    expect(reply.buttons![1]!.map((b) => b.id)).toEqual(['quiz:report:2026-03-02']);
  });

  it('the reveal: the shown letter is right, tallies follow the choices they were counted for', () => {
    // tallies by bank index: alpha 1, bravo 5, charlie 0, delta 2
    const reply = renderClosedQuiz(q, { quizId: '2026-03-02', seq: 3, answer: 1, choiceCount: 4, tallies: [1, 5, 0, 2], order });
    const embed = reply.embeds![0]!;
    expect(embed.fields![0]!.value).toBe('**C.** bravo');
    expect(embed.description).toContain('✅ **C.** bravo');
    expect(embed.fields![3]!.value).toContain('**A** 0 (0%) · **B** 2 (25%) · **C** 5 (63%) · **D** 1 (13%)');
    const right = reply.buttons![0]!.filter((b) => b.style === 'success');
    expect(right.map((b) => [b.label, b.id])).toEqual([['C', 'quiz:a:2026-03-02:1']]);
  });

  it('a quiz stored before shuffling closes as it was posted, in the bank order', () => {
    const reply = renderClosedQuiz(q, { quizId: 'd', seq: 1, answer: 1, choiceCount: 4, tallies: [0, 1, 0, 0] });
    expect(reply.embeds![0]!.fields![0]!.value).toBe('**B.** bravo');
    expect(reply.buttons![0]!.map((b) => b.id)).toEqual([0, 1, 2, 3].map((i) => `quiz:a:d:${i}`));
  });

  it('practice/review cards and feedback use the same order', () => {
    const card = renderQuestionCard(q, 'Practice', (i) => `quiz:p:q-1:n:${i}`, order);
    expect(card.buttons!.flat().map((b) => b.id)).toEqual(order.map((i) => `quiz:p:q-1:n:${i}`));
    const wrong = renderFeedback('en', q, 0, [], order);
    expect(wrong.title).toBe('Not quite. ❌ You chose D, the answer is C. bravo');
    expect(renderFeedback('en', q, 1, [], order).title).toContain('Correct!');
  });
});

describe("a server's own question in a post", () => {
  it('cannot restyle the post: headings, quotes, lists and masked links are escaped, inline code stays', async () => {
    const { escapeLayout } = await import('../src/quiz/render.js');
    expect(escapeLayout('# Big\n> quote\n- item\n1. one\n-# small')).toBe('\\# Big\n\\> quote\n\\- item\n\\1. one\n\\-# small');
    expect(escapeLayout('see [docs](https://evil.example) and `kubectl get pods`')).toBe('see \\[docs\\](https://evil.example) and `kubectl get pods`');
    const own = question('s.own-1', { question: '# 헤딩?', choices: ['> a', 'b'], answer: 0, file: 'server' });
    const reply = renderDailyQuiz(own, { quizId: 'd', seq: 1, openUntil: 0, timezone: 'UTC', closeLabel: '', order: [0, 1] }, 'en');
    expect(reply.embeds![0]!.description).toBe('\\# 헤딩?\n\n**A.** \\> a\n**B.** b');
    // the shipped bank's own Markdown is left as written
    const shipped = renderDailyQuiz(question('q-1', { question: '# shipped' }), { quizId: 'd', seq: 1, openUntil: 0, timezone: 'UTC', closeLabel: '' }, 'en');
    expect(shipped.embeds![0]!.description).toMatch(/^# shipped/);
  });
});
