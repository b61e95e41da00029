import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createQuizModule } from '../src/app.js';
import { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { closeStore, openStore } from '../src/store/open.js';
import { normalizeUser, parseKey } from '../src/store/records.js';
import { reportSkippedBackends, STORE_BACKENDS } from './helpers.js';
import { bank, CHANNEL, configure, GUILD, harness, manualClock, tempSqlite, user } from './quiz-helpers.js';

/*
 * The acknowledged-answer guarantee (nothing lost, nothing doubled through a SIGKILL mid-burst) on every
 * backend: SQLite always, Redis and PostgreSQL when TEST_REDIS_URL / TEST_POSTGRES_URL are set
 * (`bash scripts/services.sh start && eval "$(bash scripts/services.sh env)"`). Each run writes under a
 * namespace of its own and clears it afterwards.
 */
const backends = STORE_BACKENDS;
reportSkippedBackends('crash');

for (const backend of backends) {
  describe.skipIf(backend.env !== null && !backend.url)(`crash safety on ${backend.name}`, () => {
    it('every acknowledged answer survives SIGKILL mid-burst, exactly once', async () => {
      const url = backend.url ?? (await tempSqlite('crash.sqlite'));
      const namespace = backend.url ? `crash${Date.now().toString(36)}${randomBytes(3).toString('hex')}` : '';
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), url, GUILD, CHANNEL, namespace], {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

      const acked = new Map<string, number[]>();
      let quizId = '';
      let acks = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'quiz') quizId = a!;
        if (kind === 'ack' && a && b !== undefined) {
          acked.set(a, [...(acked.get(a) ?? []), Number(b)]);
          if (++acks === 400) child.kill('SIGKILL');
        }
      }
      expect(await exited, stderr).toBe('SIGKILL');
      expect(acks).toBeGreaterThanOrEqual(400);

      const store = await openStore(url, namespace ? { namespace } : {});
      try {
        const stored = new Map<string, ReturnType<typeof normalizeUser>>();
        for await (const [key, value] of store.iterator!(undefined) as AsyncGenerator<[string, unknown]>) {
          const parsed = parseKey(key);
          if (parsed.kind === 'user') stored.set(parsed.userId, normalizeUser(value));
        }
        for (const [userId, choices] of acked) {
          expect(choices).toHaveLength(1); // never two acks for one user
          const rec = stored.get(userId);
          expect(rec?.daily[quizId], userId).toBe(choices[0]);
          expect(rec?.answered).toBe(1);
        }
        for (const rec of stored.values()) expect(rec.answered).toBe(1);
        expect(stored.size).toBeGreaterThanOrEqual(acked.size);

        // derived data rebuilt from the store agrees with it, and the close counts each answer once
        const quiz = await createQuizModule({
          config: { tzDefault: 'Asia/Seoul', quizTickCron: '* * * * *' },
          logger: createLogger({ level: 'silent' }),
          store,
          clock: () => new Date('2024-10-02T00:31:00Z'),
          bank: [],
          gateway: new MemoryQuizChannel(),
        });
        expect(quiz.service.leaderboard(GUILD, 'all', 1, '0').total).toBe(stored.size);
        await quiz.scheduler.closeNow(GUILD);
        const tally = quiz.service.schedule(GUILD).quizzes[0]!.tallies!;
        expect(tally.reduce((x, y) => x + y, 0)).toBe(stored.size);
      } finally {
        if (namespace) await store.clear();
        await closeStore(store);
      }
    }, 60_000);
  });
}

describe('a store error at commit time (the write was kept, the reply says it failed)', () => {
  /** memory store whose next user-record writes are kept but reported as failed, and whose reads can fail */
  async function faultyStore() {
    const h = await harness({ clock: manualClock('2024-10-02T00:30:00Z').clock, questions: bank(3) });
    await configure(h.quiz);
    await h.quiz.scheduler.reconcile();
    // readsAfter: once a kept write was reported as failed, reads fail too (the server went away)
    const faults = { commitThenFail: 0, readsAfter: false, readsFail: false };
    const set = h.store.set.bind(h.store);
    const get = h.store.get.bind(h.store);
    h.store.set = (async (key: string, value: unknown, ttl?: number) => {
      const ok = await set(key, value, ttl);
      if (key.startsWith('u:') && faults.commitThenFail > 0) {
        faults.commitThenFail -= 1;
        faults.readsFail = faults.readsAfter;
        throw new Error('Connection terminated unexpectedly');
      }
      return ok;
    }) as typeof h.store.set;
    h.store.get = (async (key: string) => {
      if (faults.readsFail) throw new Error('Connection terminated unexpectedly');
      return get(key);
    }) as typeof h.store.get;
    return { ...h, faults, open: h.quiz.service.openQuiz(GUILD)! };
  }

  it('replies "recorded" after re-reading the record, and the board and the tally count it', async () => {
    const { quiz, faults, open } = await faultyStore();
    faults.commitThenFail = 1;
    const outcome = await quiz.service.answerDaily(GUILD, user(1), open.quizId, open.answer);
    expect(outcome).toMatchObject({ kind: 'recorded', correct: true, choice: open.answer });
    expect(quiz.service.leaderboard(GUILD, 'all', 1, user(1)).me?.entry.points).toBeGreaterThan(0);
    expect(await quiz.service.answerDaily(GUILD, user(1), open.quizId, 0)).toMatchObject({ kind: 'already', choice: open.answer });
    const tally = await quiz.service.settleAnswers(GUILD, open);
    expect(tally.reduce((a, b) => a + b, 0)).toBe(1);
    expect(tally[open.answer]).toBe(1);
  });

  it('when the re-read fails too, the error stands; a retry ("already") or the close puts it in the tally, once', async () => {
    const { quiz, faults, open } = await faultyStore();
    faults.readsAfter = true;
    for (const [member, choice] of [[2, 0], [4, 3]] as const) {
      faults.commitThenFail = 1;
      await expect(quiz.service.answerDaily(GUILD, user(member), open.quizId, choice)).rejects.toThrow(/Connection terminated/);
      faults.readsFail = false;
    }
    // member 2 retries and is told the first answer counted; member 4 never comes back
    expect(await quiz.service.answerDaily(GUILD, user(2), open.quizId, 1)).toMatchObject({ kind: 'already', choice: 0 });
    expect(await quiz.service.answerDaily(GUILD, user(2), open.quizId, 1)).toMatchObject({ kind: 'already', choice: 0 });
    await quiz.service.answerDaily(GUILD, user(3), open.quizId, 2);
    expect(await quiz.service.settleAnswers(GUILD, open)).toEqual([1, 0, 1, 1]);
  });
});

