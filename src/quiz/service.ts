import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Period } from './standings.js';
import type { GuildSettings, PostedQuiz, ScheduleState, UserRecord } from '../store/records.js';
import type { QuizStore } from '../store/quiz-store.js';
import { type Question, QuestionBank } from './bank.js';
import {
  Answering,
  type DailyOutcome,
  type PracticeOutcome,
  type ReviewNext,
  type ReviewOutcome,
} from './answering.js';
import type { BankFormat } from './bank-files.js';
import { GuildQuestions } from './guild-bank.js';
import { Moderation } from './moderation.js';
import { reportedIds } from './queue.js';
import type { GuildStats } from './stats.js';
import { exportFromBank, type ImportResult, importIntoBank } from './server-bank.js';
import { Practice } from './practice.js';
import { type LeaderboardView, type ScoreView, Standings } from './standings.js';

export type { DailyOutcome, PracticeOutcome, ReviewNext, ReviewOutcome } from './answering.js';
export type { LeaderboardView, ScoreView } from './standings.js';

export interface QuizServiceDeps {
  store: QuizStore;
  logger: Logger;
  clock: () => Date;
  questions: Question[];
  /** for practice picks and nonces; Math.random unless a test fixes it */
  random?: () => number;
  metrics?: Metrics;
}

/**
 * What the commands and the scheduler call: the bank (bank.ts), a server's
 * settings, answering the daily quiz (answering.ts), practice and review
 * (practice.ts) and standings (standings.ts), over one quiz store. Each
 * method says which part does the work.
 */
export class QuizService {
  readonly clock: () => Date;
  private readonly store: QuizStore;
  private readonly bank: QuestionBank;
  /** the shipped bank and each server's own, as one server sees them */
  readonly questions: GuildQuestions;
  /** submissions and reports, and the reviewers' decisions (moderation.ts) */
  readonly moderation: Moderation;
  private readonly answering: Answering;
  private readonly practiceAndReview: Practice;
  private readonly standings: Standings;

  constructor(deps: QuizServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.bank = new QuestionBank(deps.questions);
    // a question with an open report is not drawn until a reviewer looks at it
    this.questions = new GuildQuestions(this.bank, deps.store, (guildId) => reportedIds(deps.store.queue(guildId)));
    this.moderation = new Moderation(deps.store, this.questions, deps.clock);
    this.answering = new Answering({ ...deps, questions: this.questions });
    this.practiceAndReview = new Practice({ ...deps, questions: this.questions });
    this.standings = new Standings(deps.store, (guildId, id) => this.questions.has(guildId, id), deps.clock);
  }

  // ---- the bank -------------------------------------------------------------

  /** Replaces the question bank (start, reload). First of duplicate ids wins. */
  setBank(questions: Question[]): void {
    this.bank.set(questions);
  }

  question(id: string): Question | undefined {
    return this.bank.get(id);
  }

  bankIds(): readonly string[] {
    return this.bank.ids();
  }

  /** A question as a server sees it: shipped, or its own (`s.<id>`). */
  questionIn(guildId: string, id: string): Question | undefined {
    return this.questions.get(guildId, id);
  }

  /** The daily question for a server, from where its settings say to draw (guild-bank.ts). */
  pickDaily(guildId: string, used: readonly string[], seed: string): { questionId: string; used: string[] } | null {
    return this.questions.pickDaily(guildId, used, seed);
  }

  tags(): string[] {
    return this.bank.tags();
  }

  /** A YAML or CSV file into the server's own bank, all or nothing (server-bank.ts). */
  importBank(
    guildId: string,
    file: { name: string; text: string },
    options: { update: boolean; author?: string },
  ): Promise<ImportResult> {
    return importIntoBank(this.store, guildId, file, options);
  }

  /** how this server's questions fared in its daily quizzes (stats.ts) */
  stats(guildId: string): GuildStats {
    return this.store.stats(guildId);
  }

  exportBank(guildId: string, format: BankFormat): string {
    return exportFromBank(this.store, guildId, format);
  }

  // ---- settings -------------------------------------------------------------

  settings(guildId: string): GuildSettings {
    return this.store.settings(guildId);
  }

  updateSettings(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
    return this.store.updateSettings(guildId, (current) => ({ ...current, ...patch }));
  }

  schedule(guildId: string): ScheduleState {
    return this.store.schedule(guildId);
  }

  userRecord(guildId: string, userId: string): Promise<UserRecord> {
    return this.store.getUser(guildId, userId);
  }

  // ---- answering ------------------------------------------------------------

  openQuiz(guildId: string, now = this.clock()): PostedQuiz | undefined {
    return this.answering.openQuiz(guildId, now);
  }

  latestPosted(guildId: string): PostedQuiz | undefined {
    return this.answering.latestPosted(guildId);
  }

  answerDaily(guildId: string, userId: string, quizId: string, choice: number): Promise<DailyOutcome> {
    return this.answering.answerDaily(guildId, userId, quizId, choice);
  }

  settleAnswers(guildId: string, quiz: PostedQuiz): Promise<number[]> {
    return this.answering.settleAnswers(guildId, quiz);
  }

  closed(guildId: string, quizId: string): void {
    this.answering.closed(guildId, quizId);
  }

  drain(): Promise<void> {
    return this.answering.drain();
  }

  practice(
    guildId: string,
    userId: string,
    tag?: string,
    avoid?: string,
  ): Promise<{ question: Question; nonce: string; order: number[] } | undefined> {
    return this.practiceAndReview.practice(guildId, userId, tag, avoid);
  }

  answerPractice(
    guildId: string,
    userId: string,
    questionId: string,
    nonce: string,
    choice: number,
  ): Promise<PracticeOutcome> {
    return this.practiceAndReview.answerPractice(guildId, userId, questionId, nonce, choice);
  }

  nextReview(guildId: string, userId: string): Promise<ReviewNext> {
    return this.practiceAndReview.nextReview(guildId, userId);
  }

  answerReview(
    guildId: string,
    userId: string,
    questionId: string,
    reps: number,
    choice: number,
  ): Promise<ReviewOutcome> {
    return this.practiceAndReview.answerReview(guildId, userId, questionId, reps, choice);
  }

  // ---- standings ------------------------------------------------------------

  warmBoards(): void {
    this.standings.warmBoards();
  }

  leaderboard(guildId: string, period: Period, page: number, userId: string): LeaderboardView {
    return this.standings.leaderboard(guildId, period, page, userId);
  }

  score(guildId: string, userId: string): Promise<ScoreView> {
    return this.standings.score(guildId, userId);
  }
}
