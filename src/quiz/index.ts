import type { Habits } from '../habits/habits.js';
import type { QuizChannel } from '../scheduler/quiz-channel.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { FetchFile } from './attachment.js';
import type { QuizService } from './service.js';

/**
 * The quiz services and the scheduler, built by `createQuizModule` (app.ts);
 * commands reach them through `ctx.app.quiz`.
 */
export interface QuizModule {
  service: QuizService;
  scheduler: Scheduler;
  gateway: QuizChannel;
  clock: () => Date;
  /** review reminders, the weekly recap and the /ask counts it reads (their own tick, beside the quiz's) */
  habits: Habits;
  /** reads a file attached to /quiz import (Discord's CDN only); absent where nothing can be attached */
  fetchFile?: FetchFile;
  /**
   * Stops the tick and waits for posts, closes and answers in flight; the store is closed by its owner,
   * after this.
   */
  stop(): Promise<void>;
}

export type { Question, QuizProblem } from './bank.js';
export { loadQuizBank, validateQuizBank, formatProblem } from './bank.js';
export type { QuizChannel } from '../scheduler/quiz-channel.js';
export { MemoryQuizChannel } from '../scheduler/quiz-channel.js';
