import { describe, expect, it } from 'vitest';
import { command as askCommand } from '../commands/ask.js';
import { command as config } from '../commands/config.js';
import { command as review } from '../commands/review.js';
import { createQuizModule } from '../src/app.js';
import { MemoryDirectMessages } from '../src/habits/direct.js';
import { buildRecap, latestRecap, weekDates } from '../src/habits/recap.js';
import { reminderDueDate } from '../src/habits/reminders.js';
import { createLogger } from '../src/logger.js';
import type { Question } from '../src/quiz/bank.js';
import type { QuizModule } from '../src/quiz/index.js';
import type { Reply } from '../src/reply.js';
import { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { openStore, type Store } from '../src/store/open.js';
import type { PostedQuiz } from '../src/store/records.js';
import { decodePng, differentPixels } from './png.js';
import { bank, CHANNEL, configure, ctxFor, GUILD, manualClock, question, seeded, tempSqlite, user } from './quiz-helpers.js';

const text = (reply: Reply) => JSON.stringify(reply);
const args = (id: string) => id.split(':').slice(1);
const ME = user(1);

interface Bot {
  quiz: QuizModule;
  dms: MemoryDirectMessages;
  gateway: MemoryQuizChannel;
}

/** The quiz module as app.ts builds it, over a given store, with DMs and channel posts kept in memory. */
async function boot(store: Store, clock: () => Date, options: { questions?: Question[]; dms?: MemoryDirectMessages; gateway?: MemoryQuizChannel; owns?: (g: string) => boolean } = {}): Promise<Bot> {
  const dms = options.dms ?? new MemoryDirectMessages();
  const gateway = options.gateway ?? new MemoryQuizChannel();
  const quiz = await createQuizModule({
    config: { tzDefault: 'Asia/Seoul', quizTickCron: '* * * * *' },
    logger: createLogger({ level: 'silent' }),
    store,
    clock,
    bank: options.questions ?? bank(6),
    gateway,
    directMessages: dms,
    random: seeded(7),
    ownsGuild: options.owns,
    sourceLink: (note, section) => `https://notes.example/${note}#${encodeURIComponent(section)}`,
  });
  return { quiz, dms, gateway };
}

/** Wrong practice answers until the member's deck holds `count` cards. */
async function fillDeck(quiz: QuizModule, userId: string, count: number, tag?: string): Promise<void> {
  for (let i = 0; i < 200 && Object.keys((await quiz.service.userRecord(GUILD, userId)).deck).length < count; i++) {
    const card = await quiz.service.practice(GUILD, userId, tag);
    if (!card) throw new Error('no practice card');
    const wrong = (card.question.answer + 1) % card.question.choices.length;
    await quiz.service.answerPractice(GUILD, userId, card.question.id, card.nonce, wrong);
  }
}

describe('/review cram', () => {
  it('goes through every card, due or not, grades each, ends with a summary and leaves the schedule as it was', async () => {
    const c = manualClock('2026-03-02T00:00:00Z');
    const { quiz } = await boot(await openStore('memory:'), c.clock);
    await fillDeck(quiz, ME, 4);
    const before = await quiz.service.userRecord(GUILD, ME);
    // nothing is due yet: /review start has nothing, cram has all four
    expect(text(await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'start' })))).toMatch(/Nothing to review/);
    let reply = await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'cram' }));
    expect(text(reply)).toContain('does not change your review schedule');
    const seen: string[] = [];
    for (let pos = 0; pos < 4; pos++) {
      expect(reply.embeds?.[0]?.title).toBe(`Cram ${pos + 1}/4`);
      const buttons = reply.buttons!.flat();
      expect(buttons.every((b) => b.id.length <= 100)).toBe(true);
      const questionText = reply.embeds![0]!.description!.split('\n')[0]!;
      const q = quiz.service.bankIds().map((id) => quiz.service.question(id)!).find((x) => x.question === questionText)!;
      seen.push(q.id);
      // right on the first two, wrong on the others
      const choice = pos < 2 ? q.answer : (q.answer + 1) % q.choices.length;
      // the buttons are shuffled; each carries the bank index of its choice
      const pressed = buttons.find((b) => b.id.split(':')[5] === String(choice))!;
      const graded = await review.button!(ctxFor(quiz, { userId: ME }), args(pressed.id));
      expect(text(graded)).toContain(pos < 2 ? 'Correct!' : 'Not quite');
      reply = await review.button!(ctxFor(quiz, { userId: ME }), args(graded.buttons![0]![0]!.id));
    }
    expect(new Set(seen)).toEqual(new Set(Object.keys(before.deck)));
    expect(reply.embeds?.[0]?.title).toBe('Cram done! 2/4 right');
    expect(reply.embeds?.[0]?.description).toMatch(/50% right · your review schedule is unchanged/);
    expect(await quiz.service.userRecord(GUILD, ME)).toEqual(before);
  });

  it('takes only the cards with a tag, and refuses a click on a deck that changed since', async () => {
    const c = manualClock('2026-03-02T00:00:00Z');
    const questions = [question('pod-a', { tags: ['pod'] }), question('pod-b', { tags: ['pod'] }), question('svc-a', { tags: ['service'] })];
    const { quiz } = await boot(await openStore('memory:'), c.clock, { questions });
    await fillDeck(quiz, ME, 3);
    const first = await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'cram', options: { tag: 'POD' } }));
    expect(first.embeds?.[0]?.title).toBe('Cram #pod 1/2');
    expect(first.buttons!.flat().every((b) => b.id.endsWith(':pod'))).toBe(true);
    expect(text(await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'cram', options: { tag: 'nope' } })))).toContain('No card has the tag `#nope`');
    expect(text(await review.execute(ctxFor(quiz, { userId: user(9), subcommand: 'cram' })))).toContain('Your review deck is empty');
    // a forged position or check
    const id = first.buttons!.flat()[0]!.id.replace(':ca:0:', ':ca:1:');
    expect(text(await review.button!(ctxFor(quiz, { userId: ME }), args(id)))).toContain('deck changed');
  });
});

describe('review reminders', () => {
  const on = (time: string, lastDate: string | null = null) => ({ time, timezone: null, on: true, offReason: null, lastDate, lastAt: null });

  it('are due once the local time passed, for a date after the last one claimed', () => {
    const at = (iso: string) => new Date(iso);
    // 21:00 in Seoul is 12:00 UTC
    expect(reminderDueDate(on('21:00'), 'Asia/Seoul', at('2026-03-02T11:59:00Z'))).toBeNull();
    expect(reminderDueDate(on('21:00'), 'Asia/Seoul', at('2026-03-02T12:00:00Z'))).toBe('2026-03-02');
    expect(reminderDueDate(on('21:00', '2026-03-02'), 'Asia/Seoul', at('2026-03-02T14:00:00Z'))).toBeNull();
    // the member's own zone wins over the server's
    expect(reminderDueDate({ ...on('21:00'), timezone: 'UTC' }, 'Asia/Seoul', at('2026-03-02T12:00:00Z'))).toBeNull();
    expect(reminderDueDate({ ...on('21:00'), on: false }, 'Asia/Seoul', at('2026-03-02T12:00:00Z'))).toBeNull();
  });

  it('send one DM a day with the due count and a button, across restarts, missed ticks and a clock that jumps', async () => {
    const url = await tempSqlite();
    const c = manualClock('2026-03-02T00:00:00Z'); // 09:00 in Seoul
    const dms = new MemoryDirectMessages();
    let bot = await boot(await openStore(url), c.clock, { dms });
    await fillDeck(bot.quiz, ME, 2);
    const on = await review.execute(ctxFor(bot.quiz, { userId: ME, subcommand: 'remind', options: { state: 'on', time: '21:00' } }));
    expect(on.content).toContain('every day at 21:00 (Asia/Seoul)');
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(0);

    c.set('2026-03-02T12:00:30Z'); // 21:00 in Seoul: both cards are due by now
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(1);
    const dm = dms.sent[0]!;
    expect(dm.userId).toBe(ME);
    expect(dm.reply.content).toContain('복습할 카드 2장이 있어요');
    expect(dm.reply.content).toContain('You have 2 cards to review');
    expect(dm.reply.buttons![0]![0]!.id).toBe(`review:dm:${GUILD}`);

    // more ticks the same evening, then a restart on the same store
    c.set('2026-03-02T12:01:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    await bot.quiz.stop();
    bot = await boot(await openStore(url), c.clock, { dms });
    c.set('2026-03-02T14:59:00Z'); // 23:59
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(1);

    // the clock jumps three days ahead: one reminder, not three
    c.set('2026-03-05T13:00:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(2);
    // and back by a few hours, and a day: nothing twice for a day already reminded
    c.set('2026-03-05T12:30:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    c.set('2026-03-04T12:30:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(2);

    // another process (shard) that does not own the server sends nothing
    const other = await boot(await openStore(url), () => new Date('2026-03-06T12:30:00Z'), { dms, owns: () => false });
    await other.quiz.habits.reconcile(new Date('2026-03-06T12:30:00Z'));
    expect(dms.sent).toHaveLength(2);
    await other.quiz.stop();

    // off: nothing more
    await review.execute(ctxFor(bot.quiz, { userId: ME, subcommand: 'remind', options: { state: 'off' } }));
    c.set('2026-03-06T12:30:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(2);
    await bot.quiz.stop();
  });

  it('the DM button opens the review in the DM for that server; nothing due means no DM', async () => {
    const c = manualClock('2026-03-02T00:00:00Z');
    const { quiz, dms } = await boot(await openStore('memory:'), c.clock);
    await fillDeck(quiz, ME, 1);
    await quiz.habits.setReminder(GUILD, ME, '21:00', null);
    await quiz.habits.setReminder(GUILD, user(2), '21:00', null); // no cards
    c.set('2026-03-02T12:00:00Z');
    await quiz.habits.reconcile(c.clock());
    expect(dms.sent.map((d) => d.userId)).toEqual([ME]);
    const dm = { ...ctxFor(quiz, { userId: ME, guildId: null }) };
    const buttonArgs = args(dms.sent[0]!.reply.buttons![0]![0]!.id);
    expect(review.buttonGuild!(buttonArgs)).toBe(GUILD);
    const card = await review.button!({ ...dm, guildId: review.buttonGuild!(buttonArgs)! }, buttonArgs);
    const ids = card.buttons!.flat().map((b) => b.id);
    expect(ids.every((id) => id.startsWith('review:da:') && id.endsWith(`:${GUILD}`) && id.length <= 100)).toBe(true);
    const q = quiz.service.question(ids[0]!.split(':')[2]!)!;
    const right = ids.find((id) => id.split(':')[4] === String(q.answer))!;
    const graded = await review.button!({ ...dm, guildId: GUILD }, args(right));
    expect(text(graded)).toContain('Correct!');
    expect(graded.buttons![0]![0]!.id).toBe(`review:dn:${GUILD}`);
    // a forged DM id without a server is refused by the router (guildOnly); buttonGuild gives nothing for it
    expect(review.buttonGuild!(['dm', 'x'])).toBeUndefined();
    expect(review.buttonGuild!(['a', 'q', '1', '0', GUILD])).toBeUndefined();
    // a shard that does not hold the server (DMs reach one shard) writes nothing for it
    const other = await boot(await openStore('memory:'), c.clock, { owns: () => false });
    expect(text(await review.button!({ ...ctxFor(other.quiz, { userId: ME }), guildId: GUILD }, buttonArgs))).toContain('cannot be opened here');
  });

  it('a member whose DMs are closed has reminders turned off, with a note in /review', async () => {
    const c = manualClock('2026-03-02T00:00:00Z');
    const { quiz, dms } = await boot(await openStore('memory:'), c.clock);
    await fillDeck(quiz, ME, 1);
    await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'remind', options: { state: 'on', time: '21:00' } }));
    dms.closed.add(ME);
    c.set('2026-03-02T12:00:00Z');
    await quiz.habits.reconcile(c.clock());
    expect(dms.sent).toHaveLength(0);
    expect(quiz.habits.reminder(GUILD, ME)).toMatchObject({ on: false, offReason: 'dm-closed' });
    expect((await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'start' }))).content).toContain('Review reminders were turned off: your DMs are closed');
    // turning it on again clears the note
    await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'remind', options: { state: 'on' } }));
    expect(quiz.habits.reminder(GUILD, ME)).toMatchObject({ on: true, offReason: null, time: '21:00' });
    expect((await review.execute(ctxFor(quiz, { userId: ME, subcommand: 'start' }))).content).toBeUndefined();
  });

  it('refuses a bad time, zone or state, and asks for a time the first time', async () => {
    const { quiz } = await boot(await openStore('memory:'), () => new Date('2026-03-02T00:00:00Z'));
    const remind = (options: Record<string, string>) => review.execute(ctxFor(quiz, { userId: ME, subcommand: 'remind', options }));
    await expect(remind({ state: 'on' })).rejects.toThrow(/Give the reminder time as HH:MM/);
    await expect(remind({ state: 'on', time: '25:00' })).rejects.toThrow(/hour must be 00–23/);
    await expect(remind({ state: 'on', time: '07:00', timezone: 'Mars/Base' })).rejects.toThrow(/unknown time zone/);
    await expect(remind({ state: 'maybe' })).rejects.toThrow(/use on or off/);
    expect((await remind({ state: 'on', time: '7:30', timezone: 'europe/berlin' })).content).toContain('07:30 (Europe/Berlin)');
  });
});

describe('weekly recap', () => {
  it('knows the weeks: dates of an ISO week, the latest recap time and the week it reports on', () => {
    expect(weekDates('2026-W10')).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(weekDates('2021-W01')[0]).toBe('2021-01-04');
    // Sunday 20:00 Seoul = 11:00 UTC
    const sunday = { weekday: 7, time: '20:00' };
    expect(latestRecap(sunday, 'Asia/Seoul', new Date('2026-03-08T11:00:00Z')).week).toBe('2026-W10');
    expect(latestRecap(sunday, 'Asia/Seoul', new Date('2026-03-08T10:59:00Z'))).toEqual({ week: '2026-W09', at: new Date('2026-03-01T11:00:00Z') });
    // a Monday recap reports on the week that just ended
    expect(latestRecap({ weekday: 1, time: '09:00' }, 'Asia/Seoul', new Date('2026-03-09T00:00:00Z')).week).toBe('2026-W10');
  });

  const quiz = (quizId: string, tallies: number[], answer: number, questionId = `q-${quizId}`): PostedQuiz =>
    ({ quizId, questionId, answer, choiceCount: 4, state: 'closed', tallies }) as PostedQuiz;

  it('picks the most missed question by its share of right answers; an empty week gives nothing', () => {
    const input = {
      week: '2026-W10',
      liveTally: () => [],
      board: [],
      streaks: [],
      asks: { 'b.md': 2, 'a.md': 2, 'c.md': 5 },
      question: (id: string) => question(id),
    };
    const data = buildRecap({ ...input, quizzes: [quiz('2026-03-01', [0, 9, 0, 0], 1), quiz('2026-03-02', [1, 3, 0, 0], 1), quiz('2026-03-03', [2, 1, 1, 0], 1), quiz('2026-03-04', [0, 0, 0, 0], 1)] });
    expect(data?.days.map((d) => d.participants)).toEqual([4, 4, 0, 0, 0, 0, 0]);
    expect(data?.missed).toMatchObject({ right: 1, total: 4, quiz: { quizId: '2026-03-03' } });
    expect(data?.notes).toEqual([{ note: 'c.md', count: 5 }, { note: 'a.md', count: 2 }, { note: 'b.md', count: 2 }]);
    expect(buildRecap({ ...input, quizzes: [quiz('2026-03-01', [1], 0), { ...quiz('2026-03-05', [], 0), state: 'failed' }] })).toBeNull();
  });

  /** Posts, answers and closes the daily quiz of each day through the real scheduler. */
  async function seedWeek(bot: Bot, c: ReturnType<typeof manualClock>, days: { date: string; answers: [number, boolean][] }[]) {
    for (const day of days) {
      c.set(`${day.date}T00:00:30Z`); // 09:00 in Seoul
      await bot.quiz.scheduler.reconcile(c.clock());
      const posted = bot.quiz.service.schedule(GUILD).quizzes.find((q) => q.quizId === day.date)!;
      for (const [member, right] of day.answers) {
        await bot.quiz.service.answerDaily(GUILD, user(member), posted.quizId, right ? posted.answer : (posted.answer + 1) % posted.choiceCount);
      }
      c.set(`${day.date}T12:01:00Z`); // after 12 open hours
      await bot.quiz.scheduler.reconcile(c.clock());
    }
  }

  it('posts once in the quiz channel with the week in numbers and a chart; a restart posts nothing more', async () => {
    const url = await tempSqlite();
    const c = manualClock('2026-03-01T00:00:00Z');
    const gateway = new MemoryQuizChannel();
    let bot = await boot(await openStore(url), c.clock, { gateway });
    await configure(bot.quiz);
    await config.execute(ctxFor(bot.quiz, { admin: true, subcommand: 'recap', options: { weekday: 'sun', time: '20:00' } }));
    expect(bot.quiz.service.settings(GUILD).recap).toEqual({ weekday: 7, time: '20:00' });
    for (const i of [1, 2, 3]) await bot.quiz.habits.rememberName(GUILD, user(i), `멤버${i}`);
    // Monday: members 1, 2, 3 (3 wrong); Tuesday: 1 and 2 (2 wrong); Wednesday: 1
    await seedWeek(bot, c, [
      { date: '2026-03-02', answers: [[1, true], [2, true], [3, false]] },
      { date: '2026-03-03', answers: [[1, true], [2, false]] },
      { date: '2026-03-04', answers: [[1, true]] },
    ]);
    // /ask answers are counted per note (the real command against notes is tested elsewhere; here the count)
    await bot.quiz.habits.countAsk(GUILD, '2024-10-01-pod-basics.md');
    await bot.quiz.habits.countAsk(GUILD, '2024-10-01-pod-basics.md');
    await bot.quiz.habits.countAsk(GUILD, '2024-09-01-container-vs-vm.md');
    const before = gateway.messages.length;
    c.set('2026-03-08T10:59:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    expect(gateway.messages.length).toBe(before);

    c.set('2026-03-08T11:00:00Z'); // Sunday 20:00 in Seoul
    await bot.quiz.habits.reconcile(c.clock());
    const recaps = gateway.messages.slice(before);
    expect(recaps).toHaveLength(1);
    const post = recaps[0]!;
    expect(post.channelId).toBe(CHANNEL);
    expect(post.nonce).toBe('recap-2026-W10');
    const embed = post.reply.embeds![0]!;
    expect(embed.title).toContain('2026-W10');
    const field = (name: string) => embed.fields!.find((f) => f.name.includes(name))!.value;
    expect(field('Answers by day')).toBe('월 Mon 3 · 화 Tue 2 · 수 Wed 1 · 목 Thu 0 · 금 Fri 0 · 토 Sat 0 · 일 Sun 0');
    const top = field('Top five').split('\n');
    expect(top).toHaveLength(3);
    expect(top[0]).toMatch(/^\*\*1\.\*\* 멤버1 — .* · 100% \(3\/3\)$/);
    expect(top[1]).toMatch(/^\*\*2\.\*\* 멤버2 — .* · 50% \(1\/2\)$/);
    expect(top[2]).toMatch(/^\*\*3\.\*\* 멤버3 — 0점 · 0 pts · 0% \(0\/1\)$/);
    expect(field('Longest streaks')).toBe('🔥 멤버1 — 3');
    const missed = field('Most missed');
    const tuesday = bot.quiz.service.schedule(GUILD).quizzes.find((q) => q.quizId === '2026-03-03')!;
    const q = bot.quiz.service.question(tuesday.questionId)!;
    expect(missed).toContain(q.question);
    expect(missed).toContain('50% · 1/2');
    expect(missed).toContain(q.explanation);
    expect(missed).toContain('https://notes.example/');
    expect(field('most asked')).toBe('• 2024-10-01-pod-basics.md — 2\n• 2024-09-01-container-vs-vm.md — 1');
    // counts only: nobody's name or id in the /ask part
    expect(field('most asked')).not.toMatch(/멤버|3000000/);
    const chart = decodePng(post.reply.files![0]!.data);
    expect([chart.width, chart.height]).toEqual([720, 320]);
    expect(differentPixels(chart)).toBeGreaterThan(5000);

    // more ticks, a restart, a clock set back and forward again: still one
    await bot.quiz.habits.reconcile(c.clock());
    await bot.quiz.stop();
    bot = await boot(await openStore(url), c.clock, { gateway });
    c.set('2026-03-08T14:00:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    c.set('2026-03-08T11:30:00Z');
    await bot.quiz.habits.reconcile(c.clock());
    expect(gateway.messages.slice(before)).toHaveLength(1);

    // the next week had no quiz: nothing is posted, and the week is settled
    await config.execute(ctxFor(bot.quiz, { admin: true, subcommand: 'enabled', options: { enabled: false } }));
    c.set('2026-03-15T11:00:00Z');
    await bot.quiz.scheduler.reconcile(c.clock());
    await bot.quiz.habits.reconcile(c.clock());
    expect(gateway.messages.slice(before)).toHaveLength(1);
    await bot.quiz.stop();
  });

  it('retries a failed post with the same nonce, and never posts two for one week', async () => {
    const c = manualClock('2026-03-01T00:00:00Z');
    const gateway = new MemoryQuizChannel();
    const bot = await boot(await openStore('memory:'), c.clock, { gateway });
    await configure(bot.quiz, { });
    await bot.quiz.service.updateSettings(GUILD, { recap: { weekday: 7, time: '20:00' } });
    await seedWeek(bot, c, [{ date: '2026-03-02', answers: [[1, true]] }]);
    const before = gateway.messages.length;
    c.set('2026-03-08T11:00:00Z');
    gateway.failNext(1);
    await bot.quiz.habits.reconcile(c.clock());
    expect(gateway.messages.length).toBe(before);
    c.advance(60_000);
    await bot.quiz.habits.reconcile(c.clock());
    c.advance(60_000);
    await bot.quiz.habits.reconcile(c.clock());
    expect(gateway.messages.slice(before).map((m) => m.nonce)).toEqual(['recap-2026-W10']);
  });
});

describe('/ask counts for the recap', () => {
  it('counts an answered /ask per note and week, and nothing for a question the notes do not answer', async () => {
    const { testApp } = await import('./helpers.js');
    const app = await testApp({}, () => new Date('2026-03-04T03:00:00Z'));
    const ctx = (q: string) => ({ ...ctxFor(app.quiz, { options: { question: q } }), app: { quiz: app.quiz, library: app.library, notesBaseUrl: undefined, commands: [] } });
    await askCommand.execute(ctx('파드가 뭐야?'));
    await askCommand.execute(ctx('점심 뭐 먹지?'));
    const stored = (await app.store.get(`g:${GUILD}:asks`)) as Record<string, Record<string, number>>;
    expect(Object.keys(stored)).toEqual(['2026-W10']);
    expect(Object.values(stored['2026-W10']!)).toEqual([1]);
    expect(JSON.stringify(stored)).not.toMatch(/파드|점심|3000000/);
    await app.close();
  });
});

describe('member names for pictures', () => {
  it('are kept per server from interactions, survive a restart, and fall back to the end of the id', async () => {
    const url = await tempSqlite();
    const c = manualClock('2026-03-02T00:00:00Z');
    let bot = await boot(await openStore(url), c.clock);
    expect(bot.quiz.habits.name(GUILD, user(5))).toBe('#0005');
    await bot.quiz.habits.rememberName(GUILD, user(5), '다섯째');
    await bot.quiz.habits.rememberName(GUILD, user(5), '다섯째');
    await bot.quiz.stop();
    bot = await boot(await openStore(url), c.clock);
    expect(bot.quiz.habits.name(GUILD, user(5))).toBe('다섯째');
    expect(bot.quiz.habits.name('100000000000000999', user(5))).toBe('#0005');
    await bot.quiz.stop();
  });

  it('the router remembers who used a command in a server', async () => {
    const { testApp } = await import('./helpers.js');
    const { route } = await import('../src/router.js');
    const app = await testApp();
    await route(app, { userId: user(6), userName: '여섯째', guildId: GUILD, channelId: CHANNEL, locale: 'ko', canManageGuild: false }, { kind: 'command', name: 'help', subcommand: null, options: {} });
    // written beside the reply, not before it
    for (let i = 0; i < 100 && app.quiz.habits.name(GUILD, user(6)) !== '여섯째'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.quiz.habits.name(GUILD, user(6))).toBe('여섯째');
    await app.close();
  });
});
