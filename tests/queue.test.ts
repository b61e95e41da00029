import { describe, expect, it } from 'vitest';
import { command as configCommand } from '../commands/config.js';
import { command as quizCommand } from '../commands/quiz.js';
import { FOLLOW_UP_MS, FollowUps } from '../src/scheduler/quiz-channel.js';
import { addItem, decide, emptyQueue, parseSubmission, rateLimitedUntil, reportedIds } from '../src/quiz/queue.js';
import type { Reply } from '../src/reply.js';
import type { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { configure, ctxFor, GUILD, harness, manualClock, user } from './quiz-helpers.js';

const FIELDS = {
  question: '파드의 IP는 누가 정하나요?',
  choices: 'CNI 플러그인\nkubelet\nkube-proxy',
  answer: 'a',
  explanation: 'CNI 플러그인이 파드 네트워크와 주소를 맡는다.',
  tags: 'pod, network',
};

const text = (reply: Reply) => JSON.stringify(reply);

describe('queue: plain functions', () => {
  it('parses the form: choices one per line, letter answer, tags by comma', () => {
    const parsed = parseSubmission(FIELDS, 'sub-1', user(1));
    expect(parsed).toEqual({
      ok: true,
      question: {
        id: 'sub-1',
        question: FIELDS.question,
        choices: ['CNI 플러그인', 'kubelet', 'kube-proxy'],
        answer: 0,
        explanation: FIELDS.explanation,
        tags: ['pod', 'network'],
        difficulty: 2,
        author: user(1),
      },
    });
    const bad = parseSubmission({ ...FIELDS, choices: 'only one', answer: 'D', tags: '' }, 'sub-1', user(1));
    expect(bad.ok || bad.problems.map((p) => p.field)).toEqual(['choices', 'tags', 'answer']);
    const long = parseSubmission({ ...FIELDS, choices: `a\n${'b'.repeat(81)}` }, 'sub-1', user(1));
    expect(long.ok || long.problems).toEqual([{ field: 'choices', message: 'must be at most 80 characters' }]);
  });

  it('rate limit: 5 per member, kind and hour', () => {
    let queue = emptyQueue();
    for (let i = 0; i < 5; i++) queue = addItem(queue, { kind: 'report', authorId: 'u1', at: 1000 * i, questionId: 'x' }).queue;
    expect(rateLimitedUntil(queue, 'u1', 'report', 10_000)).toBe(3_600_000);
    expect(rateLimitedUntil(queue, 'u1', 'submission', 10_000)).toBeNull();
    expect(rateLimitedUntil(queue, 'u2', 'report', 10_000)).toBeNull();
    expect(rateLimitedUntil(queue, 'u1', 'report', 3_600_001)).toBeNull();
  });

  it('an open report holds its question; a decision is taken once', () => {
    const { queue, id } = addItem(emptyQueue(), { kind: 'report', authorId: 'u1', at: 0, questionId: 'pods-1' });
    expect(reportedIds(queue)).toEqual(new Set(['pods-1']));
    const dismissed = decide(queue, id, { state: 'dismissed', by: 'r1', at: 5 })!;
    expect(reportedIds(dismissed).size).toBe(0);
    expect(decide(dismissed, id, { state: 'disabled', by: 'r2', at: 6 })).toBeNull();
  });
});

describe('telling the author', () => {
  it('a follow-up while Discord takes one, then nothing (the caller falls back to a DM)', async () => {
    let now = 0;
    const followUps = new FollowUps(() => now);
    const sent: string[] = [];
    followUps.keep('g', 'u', async (reply) => void sent.push(reply.content ?? ''));
    expect(await followUps.send('g', 'u', { content: 'approved' })).toBe(true);
    expect(await followUps.send('g', 'other', { content: 'x' })).toBe(false);
    now = FOLLOW_UP_MS;
    expect(await followUps.send('g', 'u', { content: 'too late' })).toBe(false);
    followUps.keep('g', 'u', async () => {
      throw new Error('Unknown Webhook');
    });
    expect(await followUps.send('g', 'u', { content: 'gone' })).toBe(false);
    expect(sent).toEqual(['approved']);
  });
});

describe('submit, review, report (commands)', () => {
  async function setup() {
    const c = manualClock('2026-03-02T00:30:00Z');
    const h = await harness({ clock: c.clock });
    await configure(h.quiz);
    return { ...h, c, gateway: h.gateway as MemoryQuizChannel };
  }
  const reviewer = user(50);

  it('submit -> pending, refused to non-reviewers, approved into the bank, author told by DM', async () => {
    const { quiz, gateway } = await setup();
    const form = await quizCommand.execute(ctxFor(quiz, { subcommand: 'submit' }));
    expect(form.form?.id).toBe('quiz:submit');
    expect(form.form?.fields.map((f) => f.id)).toEqual(['question', 'choices', 'answer', 'explanation', 'tags']);

    const queued = await quizCommand.form!(ctxFor(quiz, { userId: user(1) }), ['submit'], FIELDS);
    expect(queued.content).toMatch(/Submission #1 is waiting/);
    // a member without Manage Server or the role cannot see the queue or press its buttons
    await expect(quizCommand.execute(ctxFor(quiz, { subcommand: 'queue' }))).rejects.toThrow(/Only reviewers/);
    await expect(quizCommand.button!(ctxFor(quiz, { userId: user(1) }), ['q', 'ok', '1'])).rejects.toThrow(/Only reviewers/);
    // the reviewer role counts once set
    await configCommand.execute(ctxFor(quiz, { subcommand: 'reviewer-role', options: { role: '400000000000000001' }, admin: true }));
    const view = await quizCommand.execute({ ...ctxFor(quiz, { userId: reviewer, subcommand: 'queue' }), roleIds: ['400000000000000001'] });
    expect(view.embeds![0]!.title).toBe('Submission #1 · 1 of 1');
    expect(view.embeds![0]!.description).toContain('✅ **A.** CNI 플러그인');
    expect(view.buttons![0]!.map((b) => b.id)).toEqual(['quiz:q:ok:1', 'quiz:q:edit:1', 'quiz:q:no:1']);

    const approved = await quizCommand.button!({ ...ctxFor(quiz, { userId: reviewer }), roleIds: ['400000000000000001'] }, ['q', 'ok', '1']);
    expect(approved.content).toContain('#1: approved');
    expect(approved.content).toContain('The author was told by DM.');
    expect(approved.content).toContain('Nothing waiting for review');
    expect(quiz.service.questionIn(GUILD, 's.sub-1')).toMatchObject({ answer: 0, author: user(1), tags: ['pod', 'network'] });
    expect(gateway.direct).toEqual([{ userId: user(1), reply: { content: expect.stringContaining('#1') } }]);
    // pressed again by a second reviewer: already decided, nothing changes
    const again = await quizCommand.button!(ctxFor(quiz, { userId: user(51), admin: true }), ['q', 'ok', '1']);
    expect(again.content).toContain('Another reviewer already decided');
  });

  it('a bad field is named and the text comes back; nothing is queued', async () => {
    const { quiz } = await setup();
    const reply = await quizCommand.form!(ctxFor(quiz, { userId: user(1) }), ['submit'], { ...FIELDS, answer: 'F', choices: 'x\n`**oops**`' });
    expect(reply.content).toContain('**answer**: must be one letter A to E');
    expect(text(reply)).toContain('`**oops**`');
    expect(quiz.service.moderation.pending(GUILD)).toEqual([]);
    // in Korean, the field and the reason are Korean too
    const ko = await quizCommand.form!(ctxFor(quiz, { userId: user(1), lang: 'ko' }), ['submit'], { ...FIELDS, answer: 'D', tags: ' ' });
    expect(ko.content).toContain('**정답**: D는 없는 보기예요: 보기가 ');
    expect(ko.content).toContain('**태그**: 태그가 하나 이상 있어야 해요');
  });

  it('reject with a reason (DMs closed is fine), edit before approving, own submission needs another reviewer', async () => {
    const { quiz, gateway } = await setup();
    gateway.closedDms.add(user(1));
    await quizCommand.form!(ctxFor(quiz, { userId: user(1) }), ['submit'], FIELDS);
    await quizCommand.form!(ctxFor(quiz, { userId: reviewer }), ['submit'], { ...FIELDS, question: '두 번째 문제?' });
    const admin = (id = reviewer) => ctxFor(quiz, { userId: id, admin: true });
    expect((await quizCommand.button!(admin(), ['q', 'no', '1'])).form?.id).toBe('quiz:qno:1');
    const rejected = await quizCommand.form!(admin(), ['qno', '1'], { reason: '이미 비슷한 문제가 있어요' });
    expect(rejected.content).toContain('#1: rejected');
    expect(rejected.content).toContain("The author's DMs are closed");
    expect(quiz.service.moderation.item(GUILD, 1)).toMatchObject({ state: 'rejected', reason: '이미 비슷한 문제가 있어요' });

    expect((await quizCommand.button!(admin(), ['q', 'ok', '2'])).content).toMatch(/Your own submission needs another reviewer/);
    const edit = await quizCommand.button!(admin(user(52)), ['q', 'edit', '2']);
    expect(edit.form?.fields.find((f) => f.id === 'choices')?.value).toBe('CNI 플러그인\nkubelet\nkube-proxy');
    const edited = await quizCommand.form!(admin(user(52)), ['qedit', '2'], { ...FIELDS, question: '고친 문제?', answer: 'B' });
    expect(edited.content).toContain('#2: approved');
    expect(quiz.service.questionIn(GUILD, 's.sub-2')).toMatchObject({ question: '고친 문제?', answer: 1, author: reviewer });
  });

  it('a report from the reveal holds the question; disable turns a shipped question off here', async () => {
    const { quiz } = await setup();
    await quiz.scheduler.reconcile();
    const open = quiz.service.openQuiz(GUILD)!;
    const form = await quizCommand.button!(ctxFor(quiz, { userId: user(3) }), ['report', open.quizId]);
    expect(form.form?.id).toBe(`quiz:rep:${open.questionId}`);
    const thanks = await quizCommand.form!(ctxFor(quiz, { userId: user(3) }), ['rep', open.questionId], { text: '정답이 틀렸어요 @everyone' });
    expect(thanks.content).toMatch(/not asked again until a reviewer/);
    expect(quiz.service.questions.drawable(GUILD).all).not.toContain(open.questionId);
    const view = await quizCommand.execute(ctxFor(quiz, { userId: reviewer, subcommand: 'queue', admin: true }));
    expect(view.embeds![0]!.fields!.map((f) => f.value)).toContain('정답이 틀렸어요 @everyone');
    expect(view.buttons![0]!.map((b) => b.id)).toEqual(['quiz:q:edit:1', 'quiz:q:off:1', 'quiz:q:dismiss:1']);
    await quizCommand.button!(ctxFor(quiz, { userId: reviewer, admin: true }), ['q', 'off', '1']);
    expect(quiz.service.questions.isHeld(GUILD, open.questionId)).toBe(true);
    expect(quiz.service.questions.drawable(GUILD).all).not.toContain(open.questionId);
    // five reports an hour per member, then a wait
    for (let i = 0; i < 4; i++) await quizCommand.form!(ctxFor(quiz, { userId: user(3) }), ['rep', 'q-001'], { text: 'x' });
    expect((await quizCommand.form!(ctxFor(quiz, { userId: user(3) }), ['rep', 'q-002'], { text: 'x' })).content).toMatch(/5 per hour/);
  });

  it('fixing a reported shipped question: turned off here, the fixed copy joins the server bank', async () => {
    const { quiz } = await setup();
    await quizCommand.form!(ctxFor(quiz, { userId: user(3) }), ['rep', 'q-002'], { text: 'typo' });
    const form = await quizCommand.button!(ctxFor(quiz, { userId: reviewer, admin: true }), ['q', 'edit', '1']);
    expect(form.form?.fields.find((f) => f.id === 'question')?.value).toBe('question q-002?');
    const fixed = await quizCommand.form!(ctxFor(quiz, { userId: reviewer, admin: true }), ['qedit', '1'], {
      question: 'question q-002, fixed?',
      choices: 'alpha\nbravo\ncharlie\ndelta',
      answer: 'C',
      explanation: 'because',
      tags: 'service',
    });
    expect(fixed.content).toContain('#1: fixed');
    expect(quiz.service.questions.drawable(GUILD).all).toContain('s.q-002');
    expect(quiz.service.questions.drawable(GUILD).all).not.toContain('q-002');
    expect(quiz.service.questionIn(GUILD, 's.q-002')).toMatchObject({ question: 'question q-002, fixed?', answer: 2, author: reviewer });
  });
});
