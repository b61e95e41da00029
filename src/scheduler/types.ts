import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { QuizService } from '../quiz/service.js';
import type { PostedQuiz } from '../store/records.js';
import type { QuizStore } from '../store/quiz-store.js';
import type { QuizChannel } from './quiz-channel.js';

export interface SchedulerDeps {
  store: QuizStore;
  service: QuizService;
  quizChannel: QuizChannel;
  logger: Logger;
  clock: () => Date;
  /** node-cron expression of the tick (config.quizTickCron) */
  cronExpression: string;
  /** servers reconciled at the same time */
  concurrency?: number;
  sourceLink?: (note: string, section: string) => string | undefined;
  metrics?: Metrics;
  /**
   * Whether this process posts and closes quizzes for a server: with sharding,
   * only the shard that holds it, so each server's records keep a single writer.
   */
  ownsGuild?: (guildId: string) => boolean;
}

export type PostNowResult =
  | { kind: 'posted'; quiz: PostedQuiz }
  | { kind: 'already'; date: string }
  | { kind: 'no-channel' }
  | { kind: 'empty-bank' }
  | { kind: 'failed'; error: string };

export type CloseNowResult =
  | { kind: 'closed'; quiz: PostedQuiz }
  | { kind: 'none' }
  | { kind: 'failed'; error: string };

/** what an attempt to send or edit came to: done, or the error the next tick retries after */
export type Sent = { ok: true } | { ok: false; error: string };
