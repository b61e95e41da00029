import { describe, expect, it } from 'vitest';
import { command as quizCommand } from '../commands/quiz.js';
import { addClosedQuiz, emptyStats, hardest, participation, questionRows } from '../src/quiz/stats.js';
import { configure, ctxFor, GUILD, harness, manualClock, user } from './quiz-helpers.js';

describe('question stats', () => {
  it('counts a closed quiz once, by the bank index of each choice', () => {
    const once = addClosedQuiz(emptyStats(), { quizId: '2026-03-02', questionId: 'q-1', answer: 1, tallies: [1, 3, 0, 0] })!;
    expect(addClosedQuiz(once, { quizId: '2026-03-02', questionId: 'q-1', answer: 1, tallies: [1, 3, 0, 0] })).toBeNull();
    const twice = addClosedQuiz(once, { quizId: '2026-03-03', questionId: 'q-1', answer: 1, tallies: [0, 0, 2, 0] })!;
    expect(twice.questions['q-1']).toEqual({ asked: 2, tallies: [1, 3, 2, 0], right: 3 });
    expect(twice.days).toEqual({ '2026-03-02': 4, '2026-03-03': 2 });
    const rows = questionRows(twice, new Map([['q-9', 2]]));
    expect(rows.map((r) => [r.questionId, r.answered, r.rightShare, r.openReports])).toEqual([
      ['q-1', 6, 0.5, 0],
      ['q-9', 0, 0, 2],
    ]);
    expect(rows[0]!.shares).toEqual([1 / 6, 3 / 6, 2 / 6, 0]);
  });

  it('hardest: lowest share right first, unanswered left out; participation fills missing days with 0', () => {
    let s = emptyStats();
    s = addClosedQuiz(s, { quizId: '2026-03-01', questionId: 'easy', answer: 0, tallies: [4, 0] })!;
    s = addClosedQuiz(s, { quizId: '2026-03-03', questionId: 'hard', answer: 0, tallies: [1, 3] })!;
    s = addClosedQuiz(s, { quizId: '2026-03-04', questionId: 'nobody', answer: 0, tallies: [0, 0] })!;
    expect(hardest(questionRows(s, new Map())).map((r) => r.questionId)).toEqual(['hard', 'easy']);
    const days = participation(s, '2026-03-04', 5);
    expect(days).toEqual([
      { date: '2026-02-28', answered: 0 },
      { date: '2026-03-01', answered: 4 },
      { date: '2026-03-02', answered: 0 },
      { date: '2026-03-03', answered: 4 },
      { date: '2026-03-04', answered: 0 },
    ]);
  });

  it('/quiz stats after a real close: reviewers only, the CSV lists the question', async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz } = await harness({ clock: c.clock });
    await configure(quiz);
    await quiz.scheduler.reconcile();
    const open = quiz.service.openQuiz(GUILD)!;
    await quiz.service.answerDaily(GUILD, user(1), open.quizId, open.answer);
    await quiz.service.answerDaily(GUILD, user(2), open.quizId, (open.answer + 1) % open.choiceCount);
    await quiz.scheduler.closeNow(GUILD);
    await quiz.scheduler.closeNow(GUILD);
    await expect(quizCommand.execute(ctxFor(quiz, { subcommand: 'stats' }))).rejects.toThrow(/Only reviewers/);
    const reply = await quizCommand.execute(ctxFor(quiz, { subcommand: 'stats', admin: true }));
    const csv = reply.files![0]!.data.toString('utf8').split('\r\n');
    expect(csv[1]).toMatch(new RegExp(`^${open.questionId},1,2,1,0\\.500,`));
    expect(reply.embeds![0]!.fields![0]!.value).toContain('50% (1/2)');
    expect(reply.embeds![0]!.fields![2]!.value).toContain('busiest day 2 · total 2');
  });

  it('/quiz stats before anyone answered says so, in the reader\'s language, instead of "max 1"', async () => {
    const c = manualClock('2026-03-02T00:30:00Z');
    const { quiz } = await harness({ clock: c.clock });
    await configure(quiz);
    for (const lang of ['ko', 'en'] as const) {
      const reply = await quizCommand.execute(ctxFor(quiz, { subcommand: 'stats', admin: true, lang }));
      const days = reply.embeds![0]!.fields![2]!.value;
      expect(days).toBe(lang === 'ko' ? '2026-02-01 → 2026-03-02 동안 응답이 없어요.' : 'No answers from 2026-02-01 to 2026-03-02.');
    }
  });
});
