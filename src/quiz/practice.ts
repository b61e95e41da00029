import type { Metrics } from '../metrics.js';
import { KEEP_OPEN_PRACTICE, type UserRecord } from '../store/records.js';
import type { QuizStore } from '../store/quiz-store.js';
import {
  type AnsweringDeps,
  countAnswer,
  type PracticeOutcome,
  type ReviewNext,
  type ReviewOutcome,
} from './answering.js';
import type { Question } from './bank.js';
import type { GuildQuestions } from './guild-bank.js';
import { addWrongAnswer, applyReview, dueQuestions, nextDue } from './review.js';
import { applyPracticeAnswer } from './scoring.js';
import { shuffleOrder } from './shuffle.js';

/** Practice cards and the review deck: answers outside the daily quiz, kept with each member's record. */
export class Practice {
  private readonly store: QuizStore;
  private readonly questions: GuildQuestions;
  private readonly metrics: Metrics | undefined;
  private readonly clock: () => Date;
  private readonly random: () => number;

  constructor(deps: AnsweringDeps) {
    this.store = deps.store;
    this.questions = deps.questions;
    this.metrics = deps.metrics;
    this.clock = deps.clock;
    this.random = deps.random ?? Math.random;
  }

  // ---- practice -------------------------------------------------------------

  /**
   * A random question (optionally with a tag) for one member, and the nonce its buttons carry.
   * The card is stored with the member's record before it is shown: an answer counts only for a
   * card the bot showed that member, once (a made-up custom id is refused). Stored, not signed,
   * so cards survive a restart and work on any shard, with no secret to keep.
   */
  async practice(
    guildId: string,
    userId: string,
    tag?: string,
    avoid?: string,
  ): Promise<{ question: Question; nonce: string; order: number[] } | undefined> {
    const wanted = tag?.trim().toLowerCase();
    let pool = this.questions.practicePool(guildId).filter((q) => !wanted || q.tags.includes(wanted));
    if (pool.length > 1 && avoid) pool = pool.filter((q) => q.id !== avoid);
    if (pool.length === 0) return undefined;
    const question = pool[Math.floor(this.random() * pool.length)]!;
    const nonce = Math.floor(this.random() * 36 ** 8).toString(36).padStart(8, '0');
    // stored with the card, so the feedback names the letters the member saw, after a restart too
    const order = shuffleOrder(question.choices.length, this.random);
    await this.store.updateUser(guildId, userId, (rec) => {
      const card = { nonce, questionId: question.id, order };
      const open = [...rec.practice.open.filter((c) => c.nonce !== nonce), card].slice(
        -KEEP_OPEN_PRACTICE,
      );
      return { next: { ...rec, practice: { ...rec.practice, open } }, result: undefined };
    });
    return { question, nonce, order };
  }

  async answerPractice(
    guildId: string,
    userId: string,
    questionId: string,
    nonce: string,
    choice: number,
  ): Promise<PracticeOutcome> {
    const graded = this.grade(guildId, questionId, choice);
    if (!graded) return { kind: 'gone' };
    const { question, correct } = graded;
    const now = this.clock();
    const result = await this.store.updateUser(
      guildId,
      userId,
      (rec): { next: UserRecord | null; result: PracticeOutcome } => {
        const shown = rec.practice.open.find((c) => c.nonce === nonce && c.questionId === questionId);
        if (!shown)
          return { next: null, result: { kind: rec.practice.recent.includes(nonce) ? 'already' : 'unknown' } };
        const answered = applyPracticeAnswer(rec, nonce, correct);
        if (!answered) return { next: null, result: { kind: 'already' } };
        return {
          next: correct ? answered : addWrongAnswer(answered, questionId, now),
          result: { kind: 'recorded', correct, choice, question, order: shown.order },
        };
      },
    );
    countAnswer(this.metrics, 'practice', result.kind);
    return result;
  }

  /** The question and whether the choice is right; undefined when the question or the choice is not there. */
  private grade(
    guildId: string,
    questionId: string,
    choice: number,
  ): { question: Question; correct: boolean } | undefined {
    const question = this.questions.get(guildId, questionId);
    if (!question || !Number.isInteger(choice) || choice < 0 || choice >= question.choices.length) return undefined;
    return { question, correct: choice === question.answer };
  }

  // ---- review ---------------------------------------------------------------

  async nextReview(guildId: string, userId: string): Promise<ReviewNext> {
    const rec = await this.store.getUser(guildId, userId);
    const inBank = (id: string) => this.questions.has(guildId, id);
    const due = dueQuestions(rec, this.clock(), inBank);
    const first = due[0];
    if (first === undefined)
      return { kind: 'none', deckSize: Object.keys(rec.deck).filter(inBank).length, nextDue: nextDue(rec, inBank) };
    return { kind: 'due', question: this.questions.get(guildId, first)!, reps: rec.deck[first]!.reps, dueCount: due.length };
  }

  async answerReview(
    guildId: string,
    userId: string,
    questionId: string,
    reps: number,
    choice: number,
  ): Promise<ReviewOutcome> {
    const graded = this.grade(guildId, questionId, choice);
    if (!graded) return { kind: 'gone' };
    const { question, correct } = graded;
    const now = this.clock();
    const result = await this.store.updateUser(
      guildId,
      userId,
      (rec): { next: UserRecord | null; result: ReviewOutcome } => {
        const next = applyReview(rec, questionId, reps, correct, now);
        if (!next) return { next: null, result: { kind: rec.deck[questionId] ? 'already' : 'gone' } };
        return { next, result: { kind: 'recorded', correct, choice, question, nextDue: next.deck[questionId]!.due } };
      },
    );
    countAnswer(this.metrics, 'review', result.kind);
    return result;
  }
}
