import type { Command } from './command.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { formatProblem, loadQuizBank, type Question, type QuizModule } from './quiz/index.js';
import { attachmentFetcher, type FetchFile } from './quiz/attachment.js';
import { QuizService } from './quiz/service.js';
import { type QuizChannel, MemoryQuizChannel } from './scheduler/quiz-channel.js';
import { Scheduler } from './scheduler/scheduler.js';
import { buildLibrary, LibraryHolder, sectionUrl } from './search/library.js';
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
}

/** The one place that builds everything: content, search index, store, quiz services and scheduler. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const source = { contentDir: config.contentDir, glossaryFile: config.glossaryFile };
  const [built, bank] = await Promise.all([buildLibrary(source), loadQuizBank(config.quizDir)]);
  for (const warning of built.corpus.warnings)
    logger.warn({ file: warning.path, reason: warning.reason }, 'note skipped');
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

  const library = new LibraryHolder(built, source);
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
    // attachments come from Discord's CDN, or from the host DISCORD_API_URL points at (a proxy, the tests' fake)
    fetchFile: attachmentFetcher({
      extraHosts: config.discordApiUrl ? [new URL(config.discordApiUrl).host] : [],
    }),
    sourceLink: (note, heading) => {
      const section = library.current.corpus.sections.find((s) => s.path === note && s.heading === heading);
      return section ? sectionUrl(config.notesBaseUrl, section) : undefined;
    },
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
    async close() {
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
  const loaded = await quizStore.load();
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
  const stop = async () => {
    await scheduler.stop();
    await service.drain();
  };
  return { service, scheduler, gateway, clock, stop, fetchFile: options.fetchFile };
}
