import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../src/logger.js';
import type { Question } from '../src/quiz/bank.js';
import { createQuizModule } from '../src/app.js';
import type { QuizModule } from '../src/quiz/index.js';
import { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { closeStore, openStore, type Store } from '../src/store/open.js';
import { emptyUser, settingsKey, userKey } from '../src/store/records.js';

/*
 * Store benchmark, on each backend: a SQLite file under the temp folder always; Redis and
 * PostgreSQL when TEST_REDIS_URL / TEST_POSTGRES_URL are set (`bash scripts/services.sh start`,
 * then `eval "$(bash scripts/services.sh env)"`), in a namespace of its own, deleted afterwards.
 * - daily answers: answers/s and latency per answer (call -> acknowledged write) with 64 in flight,
 *   and one at a time;
 * - /leaderboard (top 10 + own rank) and own rank alone at 100,000 scored users, while answers keep coming;
 * - the start-up rebuild of the leaderboards from 100,000 records.
 * Targets: >= 2,000 answers/s; leaderboard and rank p99 <= 20 ms.
 */

const GUILD = '100000000000000001';
const BIG_GUILD = '100000000000000002';
const CHANNEL = '200000000000000001';
const NOW = new Date('2024-10-02T00:30:00Z'); // 09:30 in Seoul: the quiz is open

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 1000) / 1000;
const userId = (i: number) => String(300000000000000000n + BigInt(i));

const questions: Question[] = Array.from({ length: 30 }, (_, i) => ({
  id: `bench-${i}`,
  question: `bench question ${i}?`,
  choices: ['a', 'b', 'c', 'd'],
  answer: i % 4,
  explanation: 'x',
  source: { note: 'n.md', section: 's' },
  tags: ['bench'],
  difficulty: 2,
  file: 'bench.yaml',
}));

async function build(store: Store): Promise<QuizModule> {
  return createQuizModule({
    config: { tzDefault: 'Asia/Seoul', quizTickCron: '* * * * *' },
    logger: createLogger({ level: 'silent' }),
    store,
    clock: () => NOW,
    bank: questions,
    gateway: new MemoryQuizChannel(),
  });
}

async function postQuiz(quiz: QuizModule, guildId: string): Promise<{ quizId: string; answer: number }> {
  await quiz.service.updateSettings(guildId, { channelId: CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true });
  await quiz.scheduler.reconcile();
  const open = quiz.service.openQuiz(guildId);
  if (!open) throw new Error('bench: no quiz posted');
  return { quizId: open.quizId, answer: open.answer };
}

/** Answers from distinct users with `inFlight` at a time; returns per-answer latencies and wall time. */
async function answerBurst(quiz: QuizModule, guildId: string, quizId: string, from: number, count: number, inFlight: number) {
  const latencies: number[] = [];
  let next = from;
  const started = performance.now();
  const worker = async () => {
    while (next < from + count) {
      const i = next++;
      const t0 = performance.now();
      const result = await quiz.service.answerDaily(guildId, userId(i), quizId, i % 4);
      latencies.push(performance.now() - t0);
      if (result.kind !== 'recorded') throw new Error(`bench: answer ${i} not recorded (${result.kind})`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

/** 100,000 scored users in one server, written straight as records (what answers would have produced). */
async function seed(store: Store, guildId: string, users: number): Promise<void> {
  const week = '2024-W40';
  const month = '2024-10';
  const batch = 2000;
  for (let start = 0; start < users; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, users - start) }, (_, k) => {
        const i = start + k;
        const answered = 1 + (i % 40);
        const correct = Math.floor(answered * ((i * 7919) % 100) / 100);
        const stats = { points: correct * 20, answered, correct };
        const rec = { ...emptyUser(), ...stats, weeks: { [week]: stats }, months: { [month]: stats }, daily: { '2024-10-01': i % 4 } };
        return store.set(userKey(guildId, userId(i)), rec);
      }),
    );
  }
  await store.set(settingsKey(guildId), { channelId: CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true });
}

/** One backend: `open(part)` opens the store for a part of the run ('answers', 'board'), the same one on each call. */
interface Backend {
  name: string;
  open(part: string): Promise<Store>;
  /** deletes what the run wrote */
  cleanup(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), 'studybot-bench-'));
  return {
    name: 'sqlite',
    open: (part) => openStore(`sqlite://${join(dir, `${part}.sqlite`)}`),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A server shared with others: the run writes under namespaces of its own and clears them at the end. */
function serverBackend(name: string, url: string): Backend {
  const run = `bench-${Date.now().toString(36)}`;
  const parts = new Set<string>();
  return {
    name,
    open: (part) => {
      parts.add(part);
      return openStore(url, { namespace: `${run}-${part}` });
    },
    cleanup: async () => {
      for (const part of parts) {
        const store = await openStore(url, { namespace: `${run}-${part}` });
        await store.clear();
        await closeStore(store);
      }
    },
  };
}

export type StoreBenchRow = Record<string, number>;

async function benchBackend(backend: Backend, users: number, answers: number): Promise<{ answers: StoreBenchRow; boards: StoreBenchRow }> {
  const a: StoreBenchRow = {};
  const b: StoreBenchRow = {};
  // ---- answers -------------------------------------------------------------
  let store = await backend.open('answers');
  let quiz = await build(store);
  const { quizId } = await postQuiz(quiz, GUILD);
  await answerBurst(quiz, GUILD, quizId, 0, 500, 64); // warm-up
  const burst = await answerBurst(quiz, GUILD, quizId, 1000, answers, 64);
  a['answers/s (64 in flight)'] = Math.round(answers / burst.seconds);
  a['p50 ms (64 in flight)'] = round(percentile(burst.latencies, 50));
  a['p99 ms (64 in flight)'] = round(percentile(burst.latencies, 99));
  const serial = await answerBurst(quiz, GUILD, quizId, 1000 + answers, 2000, 1);
  a['p50 ms (one at a time)'] = round(percentile(serial.latencies, 50));
  a['p99 ms (one at a time)'] = round(percentile(serial.latencies, 99));
  await quiz.stop();
  await closeStore(store);

  // ---- leaderboards at 100,000 users ----------------------------------------
  store = await backend.open('board');
  let t0 = performance.now();
  await seed(store, BIG_GUILD, users);
  b['seed ms'] = Math.round(performance.now() - t0);
  await closeStore(store);

  store = await backend.open('board');
  t0 = performance.now();
  quiz = await build(store);
  b['rebuild ms'] = Math.round(performance.now() - t0);
  b['scored users'] = quiz.service.leaderboard(BIG_GUILD, 'all', 1, userId(0)).total;
  const open = await postQuiz(quiz, BIG_GUILD);

  // answers keep arriving while people look at the boards: each one moves a user in every board
  const board: number[] = [];
  const rank: number[] = [];
  const periods = ['all', 'week', 'month'] as const;
  let writer = users; // new users answering today's quiz
  for (let i = 0; i < 3000; i++) {
    if (i % 3 === 0) await quiz.service.answerDaily(BIG_GUILD, userId(writer++), open.quizId, writer % 4);
    const who = userId((i * 7919) % users);
    const period = periods[i % 3]!;
    let start = performance.now();
    const view = quiz.service.leaderboard(BIG_GUILD, period, 1 + (i % 5), who);
    board.push(performance.now() - start);
    if (view.rows.length === 0 || !view.me) throw new Error('bench: empty leaderboard');
    start = performance.now();
    quiz.service.leaderboard(BIG_GUILD, period, 1, who).me;
    rank.push(performance.now() - start);
  }
  board.sort((x, y) => x - y);
  rank.sort((x, y) => x - y);
  b['leaderboard p50 ms'] = round(percentile(board, 50));
  b['leaderboard p99 ms'] = round(percentile(board, 99));
  b['own rank p50 ms'] = round(percentile(rank, 50));
  b['own rank p99 ms'] = round(percentile(rank, 99));

  // /score reads the record from the store and the ranks from the boards
  const score: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = performance.now();
    await quiz.service.score(BIG_GUILD, userId((i * 104729) % users));
    score.push(performance.now() - start);
  }
  score.sort((x, y) => x - y);
  b['/score p99 ms'] = round(percentile(score, 99));
  await quiz.stop();
  await closeStore(store);
  return { answers: a, boards: b };
}

/**
 * Every backend available, one row each: `answers` (the daily-answer write path) and
 * `boards` (seed, rebuild and reads at `users` scored users).
 */
export async function benchStore(options: { users?: number; answers?: number; env?: NodeJS.ProcessEnv } = {}) {
  const users = options.users ?? 100_000;
  const answers = options.answers ?? 10_000;
  const env = options.env ?? process.env;
  const backends: (() => Promise<Backend>)[] = [sqliteBackend];
  if (env.TEST_REDIS_URL) backends.push(async () => serverBackend('redis', env.TEST_REDIS_URL!));
  else console.log('store bench: redis skipped (TEST_REDIS_URL not set; see scripts/services.sh)');
  if (env.TEST_POSTGRES_URL) backends.push(async () => serverBackend('postgres', env.TEST_POSTGRES_URL!));
  else console.log('store bench: postgres skipped (TEST_POSTGRES_URL not set; see scripts/services.sh)');

  const result = { answers: {} as Record<string, StoreBenchRow>, boards: {} as Record<string, StoreBenchRow> };
  for (const make of backends) {
    const backend = await make();
    try {
      const rows = await benchBackend(backend, users, answers);
      result.answers[backend.name] = rows.answers;
      result.boards[backend.name] = rows.boards;
    } finally {
      await backend.cleanup();
    }
  }
  return result;
}

// `npx tsx bench/store.ts` runs it alone
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchStore();
  console.table(result.answers);
  console.table(result.boards);
}
