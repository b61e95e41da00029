import type { Command } from './command.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { type DirectMessages, MemoryDirectMessages } from './habits/direct.js';
import { Habits } from './habits/habits.js';
import { HabitStore } from './habits/store.js';
import { createMetrics, type Metrics } from './metrics.js';
import { formatProblem, loadQuizBank, type Question, type QuizModule } from './quiz/index.js';
import { attachmentFetcher, type FetchFile } from './quiz/attachment.js';
import { QuizService } from './quiz/service.js';
import { type QuizChannel, MemoryQuizChannel } from './scheduler/quiz-channel.js';
import { Scheduler } from './scheduler/scheduler.js';
import { buildLibrary, LibraryHolder, type LibrarySource, sectionUrl } from './search/library.js';
import type { SourceStates } from './sources/read.js';
import { SourceSync } from './sources/sync.js';
import { closeStore, openStore, type Store } from './store/open.js';
import { QuizStore } from './store/quiz-store.js';

/** Everything the app is made of. Built once, here, and passed down; commands see a part of it (`CommandServices`). */
export interface App {
  config: Config;
  logger: Logger;
  clock: () => Date;
  library: LibraryHolder;
  store: Store;
  quiz: QuizModule;
  commands: readonly Command[];
  metrics: Metrics;
  /** questions in the quiz bank that passed validation */
  questionCount: number;
  /** pulls the git note sources every SOURCES_SYNC_MINUTES (started here when there is one) */
  sourceSync: SourceSync;
  /** stops the scheduler, lets in-flight writes finish, closes the store */
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  clock?: () => Date;
  /** the commands to serve: the entry point passes `commands/index.ts`'s list */
  commands: readonly Command[];
  /** where daily quizzes are posted: Discord, or the console's printer; in memory by default */
  gateway?: QuizChannel;
  metrics?: Metrics;
  /** sharding: the servers whose daily quiz this process runs (all by default) */
  ownsGuild?: (guildId: string) => boolean;
  /** where review reminders go: members' DMs on Discord, the terminal in the console; in memory by default */
  directMessages?: DirectMessages;
}

/** The one place that builds everything: content, search index, store, quiz services and scheduler. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const source: LibrarySource = {
    contentDir: config.contentDir,
    sources: config.sources,
    cacheDir: config.sourcesCacheDir,
    glossaryFile: config.glossaryFile,
    clock,
  };
  const states: SourceStates = new Map();
  const [built, bank] = await Promise.all([buildLibrary(source, states), loadQuizBank(config.quizDir)]);
  for (const warning of built.corpus.warnings)
    logger.warn({ source: warning.source, file: warning.path, reason: warning.reason }, 'note skipped');
  for (const s of built.sources ?? []) {
    if (s.lastError) logger.warn({ source: s.name, error: s.lastError }, 'note source not synced');
    if (config.sources) logger.info({ source: s.name, notes: s.notes, commit: s.commit }, 'note source read');
  }
  for (const problem of bank.problems) logger.warn({ problem: formatProblem(problem) }, 'quiz question skipped');
  logger.info(
    {
      notes: built.corpus.notes.length,
      sections: built.corpus.sections.length,
      questions: bank.questions.length,
      ms: Math.round(built.buildMs),
    },
    'content indexed',
  );

  const library = new LibraryHolder(built, source, states);
  const sourceSync = new SourceSync({ library, minutes: config.sourcesSyncMinutes, logger, clock });
  if (config.sources?.some((s) => s.git)) sourceSync.start();
  const store = await openStore(config.storeUrl, { logger });
  const metrics = options.metrics ?? createMetrics({ processMetrics: false });
  const quiz = await createQuizModule({
    metrics,
    ownsGuild: options.ownsGuild,
    config,
    logger,
    store,
    clock,
    bank: bank.questions,
    gateway: options.gateway ?? new MemoryQuizChannel(),
    directMessages: options.directMessages,
    // attachments come from Discord's CDN, or from the host DISCORD_API_URL points at (a proxy, the tests' fake)
    fetchFile: attachmentFetcher({
      extraHosts: config.discordApiUrl ? [new URL(config.discordApiUrl).host] : [],
    }),
    sourceLink: (note, heading) => {
      const section = library.current.corpus.sections.find((s) => s.path === note && s.heading === heading);
      return section ? sectionUrl(config.notesBaseUrl, section) : undefined;
    },
    noteTitle: (path) => library.current.corpus.notes.find((n) => n.path === path)?.title,
  });
  return {
    config,
    logger,
    clock,
    library,
    store,
    quiz,
    commands: options.commands,
    metrics,
    questionCount: bank.questions.length,
    sourceSync,
    async close() {
      sourceSync.stop();
      await quiz.stop();
      await closeStore(store);
    },
  };
}

export interface QuizModuleOptions {
  config: Pick<Config, 'tzDefault' | 'quizTickCron'>;
  logger: Logger;
  store: Store;
  clock: () => Date;
  /** the loaded question bank (loadQuizBank(config.quizDir).questions) */
  bank: Question[];
  gateway: QuizChannel;
  /** a link to a note's section, shown when a quiz closes (e.g. from the corpus and NOTES_BASE_URL) */
  sourceLink?: (note: string, section: string) => string | undefined;
  random?: () => number;
  metrics?: Metrics;
  ownsGuild?: (guildId: string) => boolean;
  directMessages?: DirectMessages;
  /** a note's title by its path (the weekly recap names the notes most asked about) */
  noteTitle?: (path: string) => string | undefined;
  fetchFile?: FetchFile;
}

/**
 * Builds the quiz services over one keyv store and rebuilds the derived data
 * (leaderboards, live tallies) from the stored records. Call
 * `scheduler.start()` once the gateway can talk to the chat service.
 */
export async function createQuizModule(options: QuizModuleOptions): Promise<QuizModule> {
  const { logger, clock, gateway } = options;
  const quizStore = new QuizStore(options.store, options.config.tzDefault);
  const started = Date.now();
  const habitStore = new HabitStore(options.store);
  const loaded = await quizStore.load((key, value) => habitStore.accept(key, value));
  const service = new QuizService({
    store: quizStore,
    logger,
    clock,
    questions: options.bank,
    random: options.random,
    metrics: options.metrics,
  });
  service.warmBoards();
  logger.info({ ...loaded, ms: Date.now() - started, questions: options.bank.length }, 'quiz records loaded');
  const scheduler = new Scheduler({
    store: quizStore,
    service,
    quizChannel: gateway,
    logger,
    clock,
    cronExpression: options.config.quizTickCron,
    sourceLink: options.sourceLink,
    metrics: options.metrics,
    ownsGuild: options.ownsGuild,
  });
  const habits = new Habits({
    store: habitStore,
    quizStore,
    service,
    quizChannel: gateway,
    directMessages: options.directMessages ?? new MemoryDirectMessages(),
    logger,
    clock,
    cronExpression: options.config.quizTickCron,
    ownsGuild: options.ownsGuild,
    sourceLink: options.sourceLink,
    noteTitle: options.noteTitle,
  });
  const stop = async () => {
    await Promise.all([scheduler.stop(), habits.stop()]);
    await service.drain();
  };
  return { service, scheduler, gateway, clock, stop, habits, fetchFile: options.fetchFile };
}
