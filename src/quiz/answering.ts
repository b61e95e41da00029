import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { PostedQuiz, UserRecord } from '../store/records.js';
import type { QuizStore } from '../store/quiz-store.js';
import type { Question } from './bank.js';
import type { GuildQuestions } from './guild-bank.js';
import { addWrongAnswer } from './review.js';
import { applyDailyAnswer, pointsFor } from './scoring.js';
import { isoWeek, localTime, monthOf } from './time.js';

/**
 * Answering: a click on the daily quiz (and the gate a close goes through so its
 * tally is exact), a practice card, a review card. Each answer is one write to
 * the member's record.
 */

export type DailyOutcome =
  | {
      kind: 'recorded';
      correct: boolean;
      choice: number;
      points: number;
      streak: number;
      question: Question | undefined;
      answer: number;
    }
  | { kind: 'already'; choice: number }
  | { kind: 'closed' }
  | { kind: 'not-current' }
  | { kind: 'invalid' };

export type PracticeOutcome =
  /** `order`: how the card showed its choices (for the letters of the feedback) */
  | { kind: 'recorded'; correct: boolean; choice: number; question: Question; order?: number[] }
  | { kind: 'already' }
  | { kind: 'gone' }
  /** not a card the bot showed this member (a forged id, another member's card, or one that expired) */
  | { kind: 'unknown' };

export type ReviewNext =
  | { kind: 'due'; question: Question; reps: number; dueCount: number }
  | { kind: 'none'; deckSize: number; nextDue: number | null };

export type ReviewOutcome =
  | { kind: 'recorded'; correct: boolean; choice: number; question: Question; nextDue: number }
  | { kind: 'already' }
  | { kind: 'gone' };

/** Posted, or being sent right now (number and closing time stored just before the message goes out). */
const isLive = (q: PostedQuiz) =>
  q.state === 'posted' || (q.state === 'posting' && q.seq !== null && q.openUntil !== null);

export interface AnsweringDeps {
  store: QuizStore;
  /** the questions of each server: shipped and its own */
  questions: GuildQuestions;
  logger: Logger;
  clock: () => Date;
  /** for practice picks and nonces; Math.random unless a test fixes it */
  random?: () => number;
  metrics?: Metrics;
}

export class Answering {
  private readonly store: QuizStore;
  private readonly questions: GuildQuestions;
  private readonly logger: Logger;
  private readonly metrics: Metrics | undefined;
  private readonly clock: () => Date;
  /** answers being written, per server: a close waits for them so its tally is exact */
  private readonly inflight = new Map<string, Set<Promise<unknown>>>();
  /** `${guildId}:${quizId}` being closed: no new answers from here on */
  private readonly closing = new Set<string>();
  /** `${guildId}:${quizId}` -> members whose answer write failed and whose record could not be re-read */
  private readonly unsure = new Map<string, Set<string>>();

  constructor(deps: AnsweringDeps) {
    this.store = deps.store;
    this.questions = deps.questions;
    this.logger = deps.logger;
    this.metrics = deps.metrics;
    this.clock = deps.clock;
  }

  // ---- the daily quiz and the close gate -------------------------------------

  /** The quiz answers are accepted for now, if any. */
  openQuiz(guildId: string, now = this.clock()): PostedQuiz | undefined {
    const quiz = this.latestPosted(guildId);
    if (!quiz || !isLive(quiz) || quiz.openUntil === null || now.getTime() >= quiz.openUntil) return undefined;
    return this.closing.has(`${guildId}:${quiz.quizId}`) ? undefined : quiz;
  }

  /** The most recent quiz that reached the channel (open or closed). */
  latestPosted(guildId: string): PostedQuiz | undefined {
    const quizzes = this.store.schedule(guildId).quizzes;
    for (let i = quizzes.length - 1; i >= 0; i--) {
      const q = quizzes[i]!;
      if (isLive(q) || q.state === 'closed') return q;
    }
    return undefined;
  }

  /**
   * A click on a daily quiz button. The first answer of a user counts; every
   * other click changes nothing. Resolves only after the answer is stored.
   */
  answerDaily(guildId: string, userId: string, quizId: string, choice: number): Promise<DailyOutcome> {
    const now = this.clock();
    const schedule = this.store.schedule(guildId);
    const quiz = schedule.quizzes.find((q) => q.quizId === quizId);
    if (!quiz || quiz.seq === null || (!isLive(quiz) && quiz.state !== 'closed')) {
      return Promise.resolve({ kind: 'not-current' });
    }
    if (quiz.state === 'closed') return Promise.resolve({ kind: 'closed' });
    if (this.latestPosted(guildId)?.quizId !== quizId) return Promise.resolve({ kind: 'not-current' });
    if (this.openQuiz(guildId, now)?.quizId !== quizId) return Promise.resolve({ kind: 'closed' });
    if (!Number.isInteger(choice) || choice < 0 || choice >= quiz.choiceCount)
      return Promise.resolve({ kind: 'invalid' });

    const seq = quiz.seq;
    const correct = choice === quiz.answer;
    const question = this.questions.get(guildId, quiz.questionId);
    const local = localTime(now, this.store.settings(guildId).timezone);
    // no await between the open check above and tracking below: a close either
    // rejects this click or waits for its write
    const work = this.store
      .updateUser(guildId, userId, (rec): { next: UserRecord | null; result: DailyOutcome } => {
        const answered = applyDailyAnswer(rec, {
          quizId,
          seq,
          choice,
          correct,
          difficulty: quiz.difficulty,
          localDate: local.date,
          week: isoWeek(local.date),
          month: monthOf(local.date),
        });
        if (!answered) return { next: null, result: { kind: 'already', choice: rec.daily[quizId]! } };
        const next = correct ? answered : addWrongAnswer(answered, quiz.questionId, now);
        return {
          next,
          result: {
            kind: 'recorded',
            correct,
            choice,
            points: correct ? pointsFor(quiz.difficulty) : 0,
            streak: next.streak,
            question,
            answer: quiz.answer,
          },
        };
      })
      .then(
        (result) => {
          // an earlier click failed without knowing whether the store kept it: 'already' says it did
          const wasUnsure = this.unsure.get(`${guildId}:${quizId}`)?.delete(userId) ?? false;
          if (result.kind === 'recorded' || (result.kind === 'already' && wasUnsure))
            this.store.index(guildId).countAnswer(quizId, result.choice);
          return result;
        },
        // the store reported an error, but the write may have been committed (a crash at commit time)
        (error: unknown) => this.dailyAfterStoreError(guildId, userId, quiz, choice, error),
      )
      .then((result) => {
        countAnswer(this.metrics, 'daily', result.kind);
        return result;
      });
    this.track(guildId, work);
    return work;
  }

  /**
   * After a failed write: what the store holds decides the reply. The answer is there (the commit
   * went through before the connection broke): reply as recorded, and put it on the board and in
   * the tally. It is not (or the store cannot be read): the original error, and a retry counts.
   */
  private async dailyAfterStoreError(
    guildId: string,
    userId: string,
    quiz: PostedQuiz,
    choice: number,
    error: unknown,
  ): Promise<DailyOutcome> {
    const key = `${guildId}:${quiz.quizId}`;
    let rec: UserRecord;
    try {
      rec = await this.store.getUser(guildId, userId);
    } catch {
      // unknown whether it was kept: a retry ('already') or the close settles it
      this.unsure.set(key, (this.unsure.get(key) ?? new Set<string>()).add(userId));
      throw error;
    }
    const stored = rec.daily[quiz.quizId];
    if (stored === undefined) throw error;
    this.logger.warn(
      { guildId, userId, quizId: quiz.quizId, err: error },
      'store reported an error for an answer it kept',
    );
    const index = this.store.index(guildId);
    index.put(userId, rec);
    // counted here, and no longer unsure (an earlier failed click, not kept, must not count at the close)
    this.unsure.get(key)?.delete(userId);
    index.countAnswer(quiz.quizId, stored);
    if (stored !== choice) return { kind: 'already', choice: stored };
    const correct = choice === quiz.answer;
    const question = this.questions.get(guildId, quiz.questionId);
    return {
      kind: 'recorded',
      correct,
      choice,
      points: correct ? pointsFor(quiz.difficulty) : 0,
      streak: rec.streak,
      question,
      answer: quiz.answer,
    };
  }

  /** Stops answers to a quiz and waits for those being written; returns the exact tally. */
  async settleAnswers(guildId: string, quiz: PostedQuiz): Promise<number[]> {
    const key = `${guildId}:${quiz.quizId}`;
    this.closing.add(key);
    const pending = this.inflight.get(guildId);
    if (pending) await Promise.allSettled([...pending]);
    // answers whose write failed and whose record could not be read then: the store decides now
    for (const userId of this.unsure.get(key) ?? []) {
      try {
        const stored = (await this.store.getUser(guildId, userId)).daily[quiz.quizId];
        if (stored !== undefined) this.store.index(guildId).countAnswer(quiz.quizId, stored);
        this.unsure.get(key)?.delete(userId);
      } catch (err) {
        this.logger.warn(
          { guildId, quizId: quiz.quizId, userId, err },
          'tally may miss an answer: the store cannot be read',
        );
      }
    }
    this.unsure.delete(key);
    return this.store.index(guildId).tally(quiz.quizId, quiz.choiceCount);
  }

  /** After the closed state is stored: the live tally is no longer needed. */
  closed(guildId: string, quizId: string): void {
    this.closing.delete(`${guildId}:${quizId}`);
    this.store.index(guildId).forgetTally(quizId);
  }

  /** Waits for every answer being written (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()].flatMap((set) => [...set]));
  }

  private track(guildId: string, work: Promise<unknown>): void {
    let set = this.inflight.get(guildId);
    if (!set) {
      set = new Set();
      this.inflight.set(guildId, set);
    }
    const entry = work.finally(() => {
      set.delete(entry);
      if (set.size === 0 && this.inflight.get(guildId) === set) this.inflight.delete(guildId);
    });
    // the caller handles the outcome; this copy must not raise an unhandled rejection
    entry.catch(() => {});
    set.add(entry);
  }
}

/** Counts an answer in the metrics: recorded, or a repeat of one already recorded. */
export function countAnswer(
  metrics: Metrics | undefined,
  kind: 'daily' | 'practice' | 'review',
  outcome: string,
): void {
  if (outcome === 'recorded' || outcome === 'already')
    metrics?.answers.inc({ kind, outcome: outcome === 'recorded' ? 'recorded' : 'repeated' });
}
