import { commands as allCommands } from '../commands/index.js';
import type { Command } from './command.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createQuizModule, formatProblem, loadQuizBank, type QuizModule } from './quiz/index.js';
import { type ChatGateway, MemoryGateway } from './scheduler/gateway.js';
import { buildLibrary, LibraryHolder, sectionUrl } from './search/library.js';
import { closeStore, openStore, type Store } from './store/open.js';

/** Everything a command can reach. Built once, here, and passed down. */
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
  commands?: readonly Command[];
  /** where daily quizzes are posted: Discord, or the console's printer; in memory by default */
  gateway?: ChatGateway;
  metrics?: Metrics;
  /** sharding: the servers whose daily quiz this process runs (all by default) */
  ownsGuild?: (guildId: string) => boolean;
}

/** The one place that builds everything: content, search index, store, quiz services. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const source = { contentDir: config.contentDir, glossaryFile: config.glossaryFile };
  const [built, bank] = await Promise.all([buildLibrary(source), loadQuizBank(config.quizDir)]);
  for (const warning of built.corpus.warnings) logger.warn({ file: warning.path, reason: warning.reason }, 'note skipped');
  for (const problem of bank.problems) logger.warn({ problem: formatProblem(problem) }, 'quiz question skipped');
  logger.info({ notes: built.corpus.notes.length, sections: built.corpus.sections.length, questions: bank.questions.length, ms: Math.round(built.buildMs) }, 'content indexed');

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
    gateway: options.gateway ?? new MemoryGateway(),
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
    commands: options.commands ?? allCommands,
    metrics,
    questionCount: bank.questions.length,
    async close() {
      await quiz.stop();
      await closeStore(store);
    },
  };
}
