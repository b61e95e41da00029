import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext, OptionValue } from '../src/command.js';
import { createLogger, type Logger } from '../src/logger.js';
import type { Question } from '../src/quiz/bank.js';
import { createQuizModule } from '../src/app.js';
import type { QuizModule } from '../src/quiz/index.js';
import { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { buildIndex } from '../src/search/engine.js';
import { buildGlossary } from '../src/search/glossary.js';
import { LibraryHolder } from '../src/search/library.js';
import { openStore, type Store } from '../src/store/open.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';

export function question(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    question: `question ${id}?`,
    choices: ['alpha', 'bravo', 'charlie', 'delta'],
    answer: 1,
    explanation: `because ${id}`,
    source: { note: '2024-10-01-pod-basics.md', section: 'Pods' },
    tags: ['pod'],
    difficulty: 2,
    file: 'test.yaml',
    ...overrides,
  };
}

export const bank = (n: number) => Array.from({ length: n }, (_, i) => question(`q-${String(i).padStart(3, '0')}`, { tags: [i % 2 ? 'pod' : 'service'] }));

/** A clock the test moves by hand. */
export function manualClock(start: string | Date) {
  let now = new Date(start);
  const clock = () => new Date(now);
  return {
    clock,
    set: (to: string | Date) => {
      now = new Date(to);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export async function tempSqlite(name = 'quiz.sqlite'): Promise<string> {
  return `sqlite://${join(await mkdtemp(join(tmpdir(), 'studybot-quiz-')), 'nested', name)}`;
}

export interface Harness {
  quiz: QuizModule;
  gateway: MemoryQuizChannel;
  store: Store;
}

export async function harness(options: {
  clock: () => Date;
  storeUrl?: string;
  store?: Store;
  gateway?: MemoryQuizChannel;
  questions?: Question[];
  tz?: string;
  logger?: Logger;
  /** the tick's cron expression (every minute unless given) */
  cron?: string;
}): Promise<Harness> {
  const store = options.store ?? (await openStore(options.storeUrl ?? 'memory:'));
  const gateway = options.gateway ?? new MemoryQuizChannel();
  const quiz = await createQuizModule({
    config: { tzDefault: options.tz ?? 'Asia/Seoul', quizTickCron: options.cron ?? '* * * * *' },
    logger: options.logger ?? createLogger({ level: 'silent' }),
    store,
    clock: options.clock,
    bank: options.questions ?? bank(5),
    gateway,
    random: seeded(42),
  });
  return { quiz, gateway, store };
}

/** Configures the test guild: channel, time, zone. */
export async function configure(quiz: QuizModule, patch: { postTime?: string; timezone?: string; openHours?: number; enabled?: boolean } = {}) {
  await quiz.service.updateSettings(GUILD, { channelId: CHANNEL, postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true, ...patch });
}

/** mulberry32: a fixed random sequence */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** No notes: the quiz commands do not read the library. */
function emptyLibrary(): LibraryHolder {
  const corpus = { dir: '', notes: [], sections: [], warnings: [] };
  const library = { corpus, index: buildIndex([], buildGlossary([])), byId: new Map(), builtAt: new Date(0), buildMs: 0 };
  return new LibraryHolder(library, { contentDir: '', glossaryFile: '' });
}

/** A command context for the quiz commands, around a quiz module and no notes. */
export function ctxFor(
  quiz: QuizModule,
  init: { userId?: string; guildId?: string | null; admin?: boolean; subcommand?: string | null; options?: Record<string, OptionValue | undefined>; lang?: 'ko' | 'en' } = {},
): CommandContext {
  const logger = createLogger({ level: 'silent' });
  return {
    app: { quiz, library: emptyLibrary(), notesBaseUrl: undefined, commands: [] },
    log: logger,
    lang: init.lang ?? 'en',
    userId: init.userId ?? '300000000000000001',
    userName: 'tester',
    guildId: init.guildId === undefined ? GUILD : init.guildId,
    channelId: CHANNEL,
    canManageGuild: init.admin ?? false,
    subcommand: init.subcommand ?? null,
    options: init.options ?? {},
  };
}

export const user = (i: number) => String(300000000000000000n + BigInt(i));

/** A logger whose JSON lines the test can read. */
export function logSink(level = 'debug'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
