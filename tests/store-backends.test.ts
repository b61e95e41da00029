import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../src/store/open.js';
import { emptyUser, settingsKey, userKey } from '../src/store/records.js';
import { QuizStore } from '../src/store/quiz-store.js';
import type { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { reportSkippedBackends, STORE_BACKENDS } from './helpers.js';
import { bank, CHANNEL, configure, GUILD, harness, manualClock, tempSqlite, user } from './quiz-helpers.js';

/*
 * One suite, run against every store backend: SQLite always, Redis and PostgreSQL
 * when their URL is set (`bash scripts/services.sh start` starts local ones, and
 * `eval "$(bash scripts/services.sh env)"` exports the URLs). Every test uses its own
 * namespace on the shared servers and the suite deletes them at the end, so reruns
 * start clean.
 */

const OTHER_GUILD = '100000000000000077';
const OTHER_CHANNEL = '200000000000000077';
const START = '2024-10-02T00:00:00Z'; // Wednesday 09:00 in Seoul: the post time

const backends = STORE_BACKENDS;
reportSkippedBackends('store-backends');

for (const backend of backends) {
  describe.skipIf(backend.env !== null && !backend.url)(`store on ${backend.name}`, { timeout: 60_000 }, () => {
    const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const namespaces: string[] = [];
    const opened = new Set<Store>();
    let url = '';

    beforeAll(async () => {
      url = backend.url ?? (await tempSqlite());
    });

    afterAll(async () => {
      // whatever a failing test left open, then this run's keys
      for (const store of opened) await closeStore(store).catch(() => {});
      if (!url) return;
      for (const namespace of namespaces) {
        const store = await openStore(url, { namespace });
        await store.clear();
        await closeStore(store);
      }
    });

    /** a namespace of this test's own */
    const fresh = () => {
      const namespace = `${runId}-${namespaces.length}`;
      namespaces.push(namespace);
      return namespace;
    };
    const open = async (namespace: string) => {
      const store = await openStore(url, { namespace });
      opened.add(store);
      return store;
    };
    const close = async (store: Store) => {
      opened.delete(store);
      await closeStore(store);
    };
    /**
     * A process: a new QuizStore (through createQuizModule) over a newly opened store.
     * Pass the previous process's gateway to restart: Discord still has its messages.
     */
    const start = async (namespace: string, previous: { clock?: ReturnType<typeof manualClock>; gateway?: MemoryQuizChannel } = {}) => {
      const clock = previous.clock ?? manualClock(START);
      const store = await open(namespace);
      const h = await harness({ clock: clock.clock, store, gateway: previous.gateway, questions: bank(5) });
      return { ...h, clock };
    };
    const posted = async (namespace: string) => {
      const h = await start(namespace);
      await configure(h.quiz);
      await h.quiz.scheduler.reconcile();
      return { ...h, quizNow: h.quiz.service.openQuiz(GUILD)! };
    };

    it('an answer counts exactly once: double click, a burst from one user, and again after a restart', async () => {
      const namespace = fresh();
      const { quiz, store, quizNow: q } = await posted(namespace);
      const wrong = (q.answer + 1) % q.choiceCount;
      const clicks = await Promise.all(
        Array.from({ length: 10 }, (_, i) => quiz.service.answerDaily(GUILD, user(1), q.quizId, i === 0 ? q.answer : wrong)),
      );
      expect(clicks.filter((r) => r.kind === 'recorded')).toHaveLength(1);
      // the first click is the one that counts
      expect(clicks[0]).toMatchObject({ kind: 'recorded', correct: true });
      expect(clicks.slice(1).every((r) => r.kind === 'already' && r.choice === q.answer)).toBe(true);
      expect(await quiz.service.userRecord(GUILD, user(1))).toMatchObject({ answered: 1, correct: 1, points: 20, daily: { [q.quizId]: q.answer } });
      await close(store);

      const again = await start(namespace);
      expect(await again.quiz.service.answerDaily(GUILD, user(1), q.quizId, wrong)).toEqual({ kind: 'already', choice: q.answer });
      expect(await again.quiz.service.userRecord(GUILD, user(1))).toMatchObject({ answered: 1, correct: 1, points: 20 });
      await close(again.store);
    });

    it('many users clicking at once (each twice): exact totals in the store, the board and the closed tally', async () => {
      const { quiz, store, quizNow: q } = await posted(fresh());
      const users = 400;
      const choiceOf = (i: number) => i % q.choiceCount;
      const results = await Promise.all(
        Array.from({ length: users * 2 }, (_, i) => quiz.service.answerDaily(GUILD, user(i % users), q.quizId, choiceOf(i % users))),
      );
      expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(users);
      expect(results.filter((r) => r.kind === 'already')).toHaveLength(users);

      let stored = 0;
      for (let i = 0; i < users; i++) stored += (await quiz.service.userRecord(GUILD, user(i))).answered;
      expect(stored).toBe(users);
      expect(quiz.service.leaderboard(GUILD, 'all', 1, user(0)).total).toBe(users);
      const expected = Array.from({ length: q.choiceCount }, (_, c) => Array.from({ length: users }, (_, i) => choiceOf(i)).filter((x) => x === c).length);
      expect(await quiz.scheduler.closeNow(GUILD)).toMatchObject({ kind: 'closed', quiz: { tallies: expected } });
      await close(store);
    });

    it('a restart rebuilds the same leaderboards and scores; settings and schedule persist', async () => {
      const namespace = fresh();
      const first = await start(namespace);
      await configure(first.quiz, { postTime: '08:30', openHours: 6 });
      await first.quiz.scheduler.reconcile();
      const q = first.quiz.service.openQuiz(GUILD)!;
      for (let i = 0; i < 30; i++) {
        await first.quiz.service.answerDaily(GUILD, user(i), q.quizId, i % 3 === 0 ? (q.answer + 1) % q.choiceCount : q.answer);
      }
      const views = () =>
        (['all', 'week', 'month'] as const).flatMap((period) => [1, 2, 3].map((page) => first.quiz.service.leaderboard(GUILD, period, page, user(29))));
      const boards = views();
      const scores = await Promise.all([0, 1, 29].map((i) => first.quiz.service.score(GUILD, user(i))));
      const settings = first.quiz.service.settings(GUILD);
      const schedule = first.quiz.service.schedule(GUILD);
      expect(boards[0]!.total).toBe(30);
      await close(first.store);

      const second = await start(namespace, first);
      expect(second.quiz.service.settings(GUILD)).toEqual(settings);
      expect(settings).toMatchObject({ channelId: CHANNEL, postTime: '08:30', openHours: 6 });
      expect(second.quiz.service.schedule(GUILD)).toEqual(schedule);
      expect(second.quiz.service.openQuiz(GUILD)?.quizId).toBe(q.quizId);
      expect((['all', 'week', 'month'] as const).flatMap((period) => [1, 2, 3].map((page) => second.quiz.service.leaderboard(GUILD, period, page, user(29))))).toEqual(boards);
      expect(await Promise.all([0, 1, 29].map((i) => second.quiz.service.score(GUILD, user(i))))).toEqual(scores);
      // the live tally came back from the records too
      const closed = await second.quiz.scheduler.closeNow(GUILD);
      expect(closed).toMatchObject({ kind: 'closed' });
      const tally = second.quiz.service.schedule(GUILD).quizzes[0]!.tallies!;
      expect(tally.reduce((a, b) => a + b, 0)).toBe(30);
      expect(tally[q.answer]).toBe(20);
      const afterClose = second.quiz.service.schedule(GUILD);
      await close(second.store);

      // the claim and the close survive too: no second post for the day, the closed quiz stays closed
      const third = await start(namespace, { clock: first.clock });
      expect(third.quiz.service.schedule(GUILD)).toEqual(afterClose);
      await third.quiz.scheduler.reconcile();
      expect(third.gateway.messages).toHaveLength(0);
      expect(await third.quiz.scheduler.postNow(GUILD)).toEqual({ kind: 'already', date: q.quizId });
      await close(third.store);
    });

    it('the start-up scan reads every record, across several pages', async () => {
      const namespace = fresh();
      const store = await open(namespace);
      const n = 2500; // more than one page of every backend's iterator (1,000 / 2,000)
      const stats = (i: number) => ({ points: (i % 50) * 20, answered: 1 + (i % 50), correct: i % 50 });
      for (let from = 0; from < n; from += 500) {
        await Promise.all(
          Array.from({ length: 500 }, (_, k) => store.set(userKey(GUILD, user(from + k)), { ...emptyUser(), ...stats(from + k), weeks: { '2024-W40': stats(from + k) } })),
        );
      }
      await store.set(settingsKey(GUILD), { channelId: CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true });
      await close(store);

      const reopened = await open(namespace);
      const quizStore = new QuizStore(reopened, 'Asia/Seoul');
      expect(await quizStore.load()).toEqual({ users: n, guilds: 1 });
      expect(quizStore.index(GUILD).board('all').size).toBe(n);
      expect(quizStore.index(GUILD).board('week:2024-W40').slice(0, 1)[0]).toMatchObject({ points: 49 * 20 });
      await close(reopened);
    });

    it("two servers' keys do not mix, before and after a restart", async () => {
      const namespace = fresh();
      const h = await start(namespace);
      await configure(h.quiz);
      await h.quiz.service.updateSettings(OTHER_GUILD, { channelId: OTHER_CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 3, enabled: true });
      await h.quiz.scheduler.reconcile();
      const a = h.quiz.service.openQuiz(GUILD)!;
      const b = h.quiz.service.openQuiz(OTHER_GUILD)!;
      // the same people in both servers, right in A and (mostly) wrong in B
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => [
          h.quiz.service.answerDaily(GUILD, user(i), a.quizId, a.answer),
          h.quiz.service.answerDaily(OTHER_GUILD, user(i), b.quizId, i < 5 ? b.answer : (b.answer + 1) % b.choiceCount),
        ]).flat(),
      );
      // B has users A does not have
      await h.quiz.service.answerDaily(OTHER_GUILD, user(500), b.quizId, b.answer);

      const check = async (quiz: typeof h.quiz) => {
        expect(quiz.service.settings(GUILD).openHours).toBe(12);
        expect(quiz.service.settings(OTHER_GUILD)).toMatchObject({ channelId: OTHER_CHANNEL, openHours: 3 });
        expect(quiz.service.leaderboard(GUILD, 'all', 1, user(500)).total).toBe(20);
        expect(quiz.service.leaderboard(GUILD, 'all', 1, user(500)).me).toBeNull();
        expect(quiz.service.leaderboard(OTHER_GUILD, 'all', 1, user(500)).total).toBe(21);
        expect(await quiz.service.userRecord(GUILD, user(7))).toMatchObject({ answered: 1, correct: 1, daily: { [a.quizId]: a.answer } });
        expect(await quiz.service.userRecord(OTHER_GUILD, user(7))).toMatchObject({ answered: 1, correct: 0, points: 0 });
        expect((await quiz.service.userRecord(GUILD, user(500))).answered).toBe(0);
        expect(quiz.service.schedule(GUILD).quizzes.map((q) => q.channelId)).toEqual([CHANNEL]);
        expect(quiz.service.schedule(OTHER_GUILD).quizzes.map((q) => q.channelId)).toEqual([OTHER_CHANNEL]);
      };
      await check(h.quiz);
      await close(h.store);

      const again = await start(namespace, h);
      await check(again.quiz);
      expect(await again.quiz.scheduler.closeNow(GUILD)).toMatchObject({ kind: 'closed', quiz: { tallies: Array.from({ length: a.choiceCount }, (_, c) => (c === a.answer ? 20 : 0)) } });
      const other = await again.quiz.scheduler.closeNow(OTHER_GUILD);
      expect(other.kind === 'closed' && other.quiz.tallies!.reduce((x, y) => x + y, 0)).toBe(21);
      await close(again.store);
    });

    it('two processes, each serving its own server (the sharded set-up), write side by side through their own connections', async () => {
      const namespace = fresh();
      const clock = manualClock(START);
      // both start on the empty namespace, then each configures only its own server
      const one = await start(namespace, { clock });
      const two = await start(namespace, { clock });
      await configure(one.quiz);
      await two.quiz.service.updateSettings(OTHER_GUILD, { channelId: OTHER_CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true });
      await Promise.all([one.quiz.scheduler.reconcile(), two.quiz.scheduler.reconcile()]);
      const a = one.quiz.service.openQuiz(GUILD)!;
      const b = two.quiz.service.openQuiz(OTHER_GUILD)!;
      const burst = (quiz: typeof one.quiz, guildId: string, quizId: string) =>
        Array.from({ length: 300 }, (_, i) => quiz.service.answerDaily(guildId, user(i % 150), quizId, i % 4));
      const results = await Promise.all([...burst(one.quiz, GUILD, a.quizId), ...burst(two.quiz, OTHER_GUILD, b.quizId)]);
      expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(300);
      expect(one.gateway.messages).toHaveLength(1);
      expect(two.gateway.messages).toHaveLength(1);
      await Promise.all([close(one.store), close(two.store)]);

      // a third process sees both servers, exactly
      const three = await start(namespace, { clock });
      expect(three.quiz.service.settings(GUILD).channelId).toBe(CHANNEL);
      expect(three.quiz.service.settings(OTHER_GUILD).channelId).toBe(OTHER_CHANNEL);
      for (const [guildId, quizId] of [[GUILD, a.quizId], [OTHER_GUILD, b.quizId]] as const) {
        expect(three.quiz.service.leaderboard(guildId, 'all', 1, user(0)).total).toBe(150);
        expect(three.quiz.service.schedule(guildId).quizzes.map((q) => q.quizId)).toEqual([quizId]);
      }
      await close(three.store);
    });

    it('closeStore lets the process exit', async () => {
      const namespace = fresh();
      const script = `
        import { openStore, closeStore } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'store', 'open.ts'))};
        const store = await openStore(process.argv[1], { namespace: process.argv[2] });
        await store.set('k', { n: 1 });
        if ((await store.get('k')).n !== 1) process.exit(3);
        await closeStore(store);
      `;
      const started = Date.now();
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, url, namespace], { stdio: 'inherit' });
        // without closeStore the open connection keeps the process alive: give up after 15 s
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.on('error', reject);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000);
    });
  });
}

describe('a server that accepts connections and never answers', () => {
  let port = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    // reads (and ignores) every request, so a client's close is seen
    socket.resume();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const scheme of ['redis', 'postgresql']) {
    it(`fails the ${scheme} open within its timeouts, naming STORE_URL with the password masked`, async () => {
      const url = `${scheme}://bot:s3cret-pw@127.0.0.1:${port}/0`;
      const error = await openStore(url, { connectTimeoutMs: 150, replyTimeoutMs: 150 }).then(
        () => new Error('opened'),
        (err: unknown) => err as Error,
      );
      expect(error.message).toMatch(new RegExp(`^STORE_URL ${scheme}://bot:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: cannot use`));
      expect(error.message).not.toContain('s3cret-pw');
      // every connection it made is closed again: nothing keeps a failed start alive
      await expect.poll(() => sockets.size, { timeout: 2000 }).toBe(0);
    }, 5000);
  }
});

