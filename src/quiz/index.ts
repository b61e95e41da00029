import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/open.js';
import { QuizStore } from '../store/repo.js';
import type { ChatGateway } from '../scheduler/gateway.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Question } from './bank.js';
import { QuizService } from './service.js';

export interface QuizModuleOptions {
  config: Pick<Config, 'tzDefault' | 'quizTickCron'>;
  logger: Logger;
  store: Store;
  clock: () => Date;
  /** the loaded question bank (loadQuizBank(config.quizDir).questions) */
  bank: Question[];
  gateway: ChatGateway;
  /** a link to a note's section, shown when a quiz closes (e.g. from the corpus and NOTES_BASE_URL) */
  sourceLink?: (note: string, section: string) => string | undefined;
  random?: () => number;
  metrics?: Metrics;
  ownsGuild?: (guildId: string) => boolean;
}

/** What the commands reach through `ctx.app.quiz`. */
export interface QuizModule {
  service: QuizService;
  scheduler: Scheduler;
  gateway: ChatGateway;
  clock: () => Date;
  /**
   * Stops the tick and waits for posts, closes and answers in flight; the store is closed by its owner,
   * after this.
   */
  stop(): Promise<void>;
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
    gateway,
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
  return { service, scheduler, gateway, clock, stop };
}

export type { Question, QuizProblem } from './bank.js';
export { loadQuizBank, validateQuizBank, formatProblem } from './bank.js';
export type { ChatGateway } from '../scheduler/gateway.js';
export { MemoryGateway } from '../scheduler/gateway.js';

/**
 * The quiz module from a command's context, checked: command tests may build a
 * context around a partial app, and a missing module should fail loudly.
 */
export function quizOf(ctx: { app: object }): QuizModule {
  const quiz = (ctx.app as { quiz?: QuizModule }).quiz;
  if (!quiz) throw new Error('the quiz module is not wired into the app (App.quiz)');
  return quiz;
}
