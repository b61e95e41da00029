import { describe, expect, it } from 'vitest';
import { command as quizCommand } from '../commands/quiz.js';
import { closeStore } from '../src/store/open.js';
import { bank, ctxFor, GUILD, harness, manualClock, tempSqlite, user } from './quiz-helpers.js';

const buttonArgs = (id: string) => id.split(':').slice(1);

async function setup(storeUrl?: string) {
  const c = manualClock('2024-10-02T00:00:00Z');
  return harness({ clock: c.clock, questions: bank(6), storeUrl });
}

describe('practice answers belong to cards the bot showed that member', () => {
  it('refuses a custom id with a made-up nonce, every time, and counts nothing', async () => {
    const { quiz } = await setup();
    const question = quiz.service.question('q-001')!;
    for (const nonce of ['zzzzzzzz', 'aaaaaaa1', 'aaaaaaa2', 'aaaaaaa3']) {
      const reply = await quizCommand.button!(ctxFor(quiz), ['p', question.id, nonce, String(question.answer)]);
      expect(reply.content).toMatch(/not a practice card shown to you/);
    }
    expect((await quiz.service.userRecord(GUILD, user(1))).practice).toMatchObject({ answered: 0, correct: 0 });
  });

  it('counts a shown card once, and only for its member and its question', async () => {
    const { quiz } = await setup();
    const card = await quizCommand.execute(ctxFor(quiz, { subcommand: 'practice' }));
    const buttons = card.buttons!.flat();
    expect(buttons.every((b) => b.id.length <= 100)).toBe(true);
    const [, , questionId, nonce] = buttons[0]!.id.split(':');
    // each button carries the bank's choice index, shown in the card's own order
    const right = buttons.find((b) => b.id.split(':')[4] === String(quiz.service.question(questionId!)!.answer))!;
    // another member pressing the same button, or this card's nonce on another (easier) question
    expect((await quizCommand.button!(ctxFor(quiz, { userId: user(9) }), buttonArgs(right.id))).content).toMatch(/not a practice card/);
    const other = quiz.service.bankIds().find((id) => id !== questionId)!;
    expect((await quizCommand.button!(ctxFor(quiz), ['p', other, nonce!, '0'])).content).toMatch(/not a practice card/);
    // the member's own press counts once
    expect((await quizCommand.button!(ctxFor(quiz), buttonArgs(right.id))).embeds).toBeDefined();
    expect((await quizCommand.button!(ctxFor(quiz), buttonArgs(right.id))).content).toMatch(/already graded/);
    expect((await quiz.service.userRecord(GUILD, ctxFor(quiz).userId)).practice).toMatchObject({ answered: 1, correct: 1, open: [] });
    expect((await quiz.service.userRecord(GUILD, user(9))).practice.answered).toBe(0);
  });

  it('a card shown before a restart can still be answered after it', async () => {
    const url = await tempSqlite('practice.sqlite');
    const first = await setup(url);
    const card = await quizCommand.execute(ctxFor(first.quiz, { subcommand: 'practice' }));
    await first.quiz.stop();
    await closeStore(first.store);

    const second = await setup(url);
    const id = card.buttons!.flat()[0]!.id;
    expect((await quizCommand.button!(ctxFor(second.quiz), buttonArgs(id))).embeds).toBeDefined();
    expect((await second.quiz.service.userRecord(GUILD, ctxFor(second.quiz).userId)).practice.answered).toBe(1);
    await second.quiz.stop();
    await closeStore(second.store);
  });
});
