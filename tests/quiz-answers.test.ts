import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore, closeStore, maskUrl } from '../src/store/open.js';
import { KeyedMutex } from '../src/store/mutex.js';
import { Board, compareEntries, type BoardEntry } from '../src/quiz/standings.js';
import { userKey } from '../src/store/records.js';
import { bank, configure, GUILD, harness, manualClock, tempSqlite, user } from './quiz-helpers.js';

const DAY = 24 * 3_600_000;

describe('store', () => {
  it('opens SQLite (creating the folder); a Redis or PostgreSQL nobody answers fails at open, quickly, naming STORE_URL', async () => {
    const url = await tempSqlite();
    const store = await openStore(url);
    await store.set('k', { a: 1 });
    expect(await store.get('k')).toEqual({ a: 1 });
    expect(existsSync(url.replace('sqlite://', ''))).toBe(true);
    await closeStore(store);

    // port 1: closed, so the connection is refused at once (a round trip is tried at open, not at the first answer)
    const started = Date.now();
    await expect(openStore('redis://127.0.0.1:1')).rejects.toThrow(/^STORE_URL redis:\/\/127\.0\.0\.1:1: cannot use Redis \(.*ECONNREFUSED/);
    const pgError = await openStore('postgresql://bot:s3cret-pw@127.0.0.1:1/studybot').catch((err: Error) => err);
    expect(pgError).toBeInstanceOf(Error);
    expect((pgError as Error).message).toMatch(/^STORE_URL postgresql:\/\/bot:\*\*\*@127\.0\.0\.1:1\/studybot: cannot use PostgreSQL \(.*ECONNREFUSED/);
    expect((pgError as Error).message).not.toContain('s3cret-pw');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(openStore('mysql://x@y/z')).rejects.toThrow(/^STORE_URL mysql:\/\/x@y\/z: unsupported/);
  });

  it('masks the password of a store URL', () => {
    expect(maskUrl('postgresql://bot:p%40ss@db:5432/studybot?sslmode=require')).toBe('postgresql://bot:***@db:5432/studybot?sslmode=require');
    expect(maskUrl('rediss://:hunter22@cache:6380/0')).toBe('rediss://:***@cache:6380/0');
    expect(maskUrl('postgres://db/studybot?user=bot&password=hunter22')).toBe('postgres://db/studybot?user=bot&password=***');
    expect(maskUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(maskUrl('sqlite://data/bot.sqlite')).toBe('sqlite://data/bot.sqlite');
  });

  it('the keyed mutex never interleaves read-modify-write on one key', async () => {
    const mutex = new KeyedMutex();
    let value = 0;
    await Promise.all(
      Array.from({ length: 200 }, () =>
        mutex.run('k', async () => {
          const read = value;
          await new Promise((r) => setTimeout(r, Math.random() * 2));
          value = read + 1;
        }),
      ),
    );
    expect(value).toBe(200);
    expect(mutex.size).toBe(0);
  });

  it('the leaderboard board matches a full sort after random updates', () => {
    const board = Board.from([]);
    const truth = new Map<string, BoardEntry>();
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const userId = `u${rnd(300)}`;
      const stats = { points: rnd(50) * 10, answered: 1 + rnd(20), correct: rnd(20) };
      board.set(userId, stats);
      truth.set(userId, { userId, ...stats });
    }
    const sorted = [...truth.values()].sort(compareEntries);
    expect(board.slice(0, sorted.length)).toEqual(sorted);
    for (const e of sorted.slice(0, 50)) {
      expect(board.rankOf(e.userId)!.rank).toBe(1 + sorted.filter((o) => o.points > e.points).length);
    }
  });
});

describe('answers count exactly once', () => {
  async function posted(storeUrl?: string) {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, storeUrl, questions: bank(3) });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    return { ...h, c, open: h.quiz.service.openQuiz(GUILD)! };
  }

  it('two concurrent clicks by one user record one answer', async () => {
    const { quiz, open } = await posted();
    const wrong = (open.answer + 1) % open.choiceCount;
    const results = await Promise.all([
      quiz.service.answerDaily(GUILD, user(1), open.quizId, open.answer),
      quiz.service.answerDaily(GUILD, user(1), open.quizId, wrong),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already', 'recorded']);
    expect(results[1]).toEqual({ kind: 'already', choice: open.answer });
    const rec = await quiz.service.userRecord(GUILD, user(1));
    expect(rec).toMatchObject({ answered: 1, correct: 1, points: 20, streak: 1 });
    expect(rec.daily).toEqual({ [open.quizId]: open.answer });
  });

  it('1,000 users clicking concurrently (SQLite) give exact totals, in the store, the board and the closed tally', async () => {
    const url = await tempSqlite();
    const { quiz, open, store, gateway } = await posted(url);
    const choiceOf = (i: number) => i % open.choiceCount;
    // every user clicks twice at once: 2,000 clicks, 1,000 answers
    const clicks = Array.from({ length: 2000 }, (_, i) => quiz.service.answerDaily(GUILD, user(i % 1000), open.quizId, choiceOf(i % 1000)));
    const results = await Promise.all(clicks);
    expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(1000);
    expect(results.filter((r) => r.kind === 'already')).toHaveLength(1000);

    const expected = Array.from({ length: open.choiceCount }, (_, c) => Array.from({ length: 1000 }, (_, i) => choiceOf(i)).filter((x) => x === c).length);
    const correctUsers = expected[open.answer]!;
    const board = quiz.service.leaderboard(GUILD, 'all', 1, user(0));
    expect(board.total).toBe(1000);
    let stored = 0;
    for (let i = 0; i < 1000; i++) {
      const rec = (await store.get(userKey(GUILD, user(i)))) as { answered: number } | undefined;
      stored += rec?.answered ?? 0;
    }
    expect(stored).toBe(1000);
    expect(await quiz.scheduler.closeNow(GUILD)).toMatchObject({ kind: 'closed' });
    expect(quiz.service.schedule(GUILD).quizzes[0]!.tallies).toEqual(expected);
    expect(JSON.stringify(gateway.messages[0]!.edits[0])).toContain('1000명 참여');
    expect(board.rows[0]!.points).toBe(20);
    expect(quiz.service.leaderboard(GUILD, 'all', 1, user(0)).rows.filter((r) => r.points > 0).length).toBe(Math.min(10, correctUsers));
    await closeStore(store);
  });

  it('a close during a burst: every stored answer is in the tally, none after it', async () => {
    const { quiz, open } = await posted();
    const burst = Array.from({ length: 300 }, (_, i) => quiz.service.answerDaily(GUILD, user(i), open.quizId, i % 2));
    const closing = quiz.scheduler.closeNow(GUILD);
    const late = Array.from({ length: 50 }, (_, i) => quiz.service.answerDaily(GUILD, user(1000 + i), open.quizId, 0));
    const results = await Promise.all([...burst, ...late]);
    await closing;
    const recorded = results.filter((r) => r.kind === 'recorded').length;
    const tally = quiz.service.schedule(GUILD).quizzes[0]!.tallies!;
    expect(tally.reduce((a, b) => a + b, 0)).toBe(recorded);
    let stored = 0;
    const everyone = [...Array.from({ length: 300 }, (_, i) => user(i)), ...Array.from({ length: 50 }, (_, i) => user(1000 + i))];
    for (const id of everyone) stored += (await quiz.service.userRecord(GUILD, id)).answered;
    expect(stored).toBe(recorded);
    // clicks racing the close are either counted in the tally or refused, never lost in between
    expect(results.every((r) => r.kind === 'recorded' || r.kind === 'closed')).toBe(true);
    expect(await quiz.service.answerDaily(GUILD, user(5000), open.quizId, 0)).toEqual({ kind: 'closed' });
  });

  it('rebuilds the leaderboard and the live tally from the records after a restart', async () => {
    const url = await tempSqlite();
    const { quiz, open, store, c } = await posted(url);
    for (let i = 0; i < 20; i++) await quiz.service.answerDaily(GUILD, user(i), open.quizId, i < 15 ? open.answer : (open.answer + 1) % open.choiceCount);
    const before = quiz.service.leaderboard(GUILD, 'week', 1, user(19));
    await closeStore(store);

    const h2 = await harness({ clock: c.clock, storeUrl: url, questions: bank(3) });
    expect(h2.quiz.service.leaderboard(GUILD, 'week', 1, user(19))).toEqual(before);
    await h2.quiz.scheduler.closeNow(GUILD);
    const tally = h2.quiz.service.schedule(GUILD).quizzes[0]!.tallies!;
    expect(tally[open.answer]).toBe(15);
    expect(tally.reduce((a, b) => a + b, 0)).toBe(20);
    await closeStore(h2.store);
  });

  it('clicks after the close, on an old quiz, or with a bad choice change nothing', async () => {
    const { quiz, open, c } = await posted();
    expect(await quiz.service.answerDaily(GUILD, user(1), '2024-09-30', 0)).toEqual({ kind: 'not-current' });
    expect(await quiz.service.answerDaily(GUILD, user(1), open.quizId, 9)).toEqual({ kind: 'invalid' });
    c.advance(12 * 3_600_000); // open hours over, before the tick closed it
    expect(await quiz.service.answerDaily(GUILD, user(1), open.quizId, 0)).toEqual({ kind: 'closed' });
    await quiz.scheduler.reconcile();
    expect(await quiz.service.answerDaily(GUILD, user(1), open.quizId, 0)).toEqual({ kind: 'closed' });
    c.advance(DAY);
    await quiz.scheduler.reconcile();
    expect(await quiz.service.answerDaily(GUILD, user(1), open.quizId, 0)).toEqual({ kind: 'closed' });
    expect((await quiz.service.userRecord(GUILD, user(1))).answered).toBe(0);
  });
});

describe('streaks, weeks and months', () => {
  it('counts consecutive POSTED quizzes; a day without a post breaks nobody; a missed or wrong one does', async () => {
    const c = manualClock('2024-10-01T00:00:00Z'); // Tuesday 09:00 Seoul
    const h = await harness({ clock: c.clock, questions: bank(10) });
    await configure(h.quiz);
    const me = user(1);
    const day = async (action: 'right' | 'wrong' | 'skip' | 'no-post') => {
      if (action === 'no-post') await h.quiz.service.updateSettings(GUILD, { enabled: false });
      await h.quiz.scheduler.reconcile();
      const open = h.quiz.service.openQuiz(GUILD);
      if (open && action !== 'skip') {
        await h.quiz.service.answerDaily(GUILD, me, open.quizId, action === 'right' ? open.answer : (open.answer + 1) % open.choiceCount);
      }
      if (action === 'no-post') await h.quiz.service.updateSettings(GUILD, { enabled: true });
      c.advance(DAY);
    };
    const streak = async () => (await h.quiz.service.score(GUILD, me)).streak;

    await day('right');
    await day('right');
    await day('no-post'); // the bot did not post: the streak survives
    await day('right');
    expect(await streak()).toBe(3);
    await day('skip'); // posted, not answered
    await h.quiz.scheduler.reconcile(); // closes the skipped one
    expect(await streak()).toBe(0);
    await day('right');
    expect(await streak()).toBe(1);
    await day('wrong');
    expect(await streak()).toBe(0);
    await day('right');
    await day('right');
    const score = await h.quiz.service.score(GUILD, me);
    expect(score.streak).toBe(2);
    expect(score.record.bestStreak).toBe(3);
    expect(score.record).toMatchObject({ answered: 7, correct: 6, points: 120 });
  });

  it('week (ISO, server zone) and month points roll over', async () => {
    // Sunday 2024-09-29 23:30 in Seoul is still ISO week 39 there (but Sunday 14:30 UTC)
    const c = manualClock('2024-09-29T14:30:00Z');
    const h = await harness({ clock: c.clock, questions: bank(5) });
    await configure(h.quiz, { postTime: '23:00' });
    await h.quiz.scheduler.reconcile();
    let open = h.quiz.service.openQuiz(GUILD)!;
    await h.quiz.service.answerDaily(GUILD, user(1), open.quizId, open.answer);
    c.set('2024-09-30T14:30:00Z'); // Monday 23:30 Seoul: week 40, still September
    await h.quiz.scheduler.reconcile();
    open = h.quiz.service.openQuiz(GUILD)!;
    await h.quiz.service.answerDaily(GUILD, user(1), open.quizId, open.answer);
    const rec = await h.quiz.service.userRecord(GUILD, user(1));
    expect(Object.keys(rec.weeks).sort()).toEqual(['2024-W39', '2024-W40']);
    expect(rec.months['2024-09']!.points).toBe(40);
    const week = h.quiz.service.leaderboard(GUILD, 'week', 1, user(1));
    expect(week.label).toBe('2024-W40');
    expect(week.me!.entry.points).toBe(20);
    c.set('2024-10-01T00:00:00Z'); // October in Seoul
    expect(h.quiz.service.leaderboard(GUILD, 'month', 1, user(1)).me).toBeNull();
  });
});

describe('leaderboard', () => {
  it('top 10, own rank outside the top 10, ties share a rank, pages', async () => {
    const c = manualClock('2024-10-02T00:00:00Z');
    const h = await harness({ clock: c.clock, questions: bank(3) });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    const open = h.quiz.service.openQuiz(GUILD)!;
    for (let i = 0; i < 25; i++) await h.quiz.service.answerDaily(GUILD, user(i), open.quizId, i < 12 ? open.answer : (open.answer + 1) % 4);
    const view = h.quiz.service.leaderboard(GUILD, 'all', 1, user(20));
    expect(view.rows).toHaveLength(10);
    expect(view.rows.every((r) => r.rank === 1)).toBe(true);
    expect(view.me).toMatchObject({ rank: 13, entry: { points: 0, answered: 1 } });
    expect(view.pages).toBe(3);
    expect(h.quiz.service.leaderboard(GUILD, 'all', 3, user(1)).rows).toHaveLength(5);
    expect(h.quiz.service.leaderboard(GUILD, 'all', 99, user(1)).page).toBe(3);
    expect(h.quiz.service.leaderboard(GUILD, 'all', 1, user(999)).me).toBeNull();
  });
});
