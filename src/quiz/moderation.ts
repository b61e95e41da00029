import type { QuizStore } from '../store/quiz-store.js';
import type { StoredQuestion } from '../store/records.js';
import { MAX_SERVER_QUESTIONS } from './bank-files.js';
import { bareId, type GuildQuestions, isOwnId, ownId } from './guild-bank.js';
import {
  addItem,
  decide,
  openItems,
  parseSubmission,
  type QueueItem,
  rateLimitedUntil,
  type SubmissionFields,
} from './queue.js';

/*
 * Submissions and reports: members add to the queue, reviewers decide. Each
 * decision writes the bank first, then the queue: a crash between the two leaves
 * the item open, and deciding it again writes the same question again.
 */

export type SubmitOutcome =
  | { kind: 'queued'; id: number }
  | { kind: 'invalid'; problems: { field: string; message: string }[] }
  | { kind: 'rate-limited'; until: number };

export type ReportOutcome = { kind: 'queued'; id: number } | { kind: 'rate-limited'; until: number } | { kind: 'unknown' };

export type DecideOutcome =
  | { kind: 'done'; item: QueueItem; questionId?: string }
  /** the item was decided already, or never existed */
  | { kind: 'gone' }
  | { kind: 'own-submission' }
  | { kind: 'bank-full' }
  | { kind: 'invalid'; problems: { field: string; message: string }[] };

export class Moderation {
  constructor(
    private readonly store: QuizStore,
    private readonly questions: GuildQuestions,
    private readonly clock: () => Date,
  ) {}

  async submit(guildId: string, authorId: string, fields: SubmissionFields): Promise<SubmitOutcome> {
    const now = this.clock().getTime();
    const queue = this.store.queue(guildId);
    const until = rateLimitedUntil(queue, authorId, 'submission', now);
    if (until !== null) return { kind: 'rate-limited', until };
    const parsed = parseSubmission(fields, `sub-${queue.nextId}`, authorId);
    if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
    let id = 0;
    await this.store.updateQueue(guildId, (q) => {
      const added = addItem(q, { kind: 'submission', authorId, at: now, question: { ...parsed.question, id: `sub-${q.nextId}` } });
      id = added.id;
      return added.queue;
    });
    return { kind: 'queued', id };
  }

  async report(guildId: string, authorId: string, questionId: string, text: string): Promise<ReportOutcome> {
    const now = this.clock().getTime();
    if (!this.questions.has(guildId, questionId)) return { kind: 'unknown' };
    const until = rateLimitedUntil(this.store.queue(guildId), authorId, 'report', now);
    if (until !== null) return { kind: 'rate-limited', until };
    let id = 0;
    await this.store.updateQueue(guildId, (q) => {
      const added = addItem(q, { kind: 'report', authorId, at: now, questionId, text: text.trim().slice(0, 1000) });
      id = added.id;
      return added.queue;
    });
    return { kind: 'queued', id };
  }

  /** The open items, oldest first. */
  pending(guildId: string): QueueItem[] {
    return openItems(this.store.queue(guildId));
  }

  item(guildId: string, id: number): QueueItem | undefined {
    return this.store.queue(guildId).items.find((i) => i.id === id);
  }

  /**
   * Approves a submission (as submitted, or as a reviewer edited it) into the server's bank,
   * or fixes a reported question: the server's own is replaced; a shipped one is turned off
   * here and the fixed copy joins the server's bank under the same id.
   */
  async approve(
    guildId: string,
    id: number,
    reviewerId: string,
    options: { selfApprove: boolean; edited?: SubmissionFields },
  ): Promise<DecideOutcome> {
    const item = this.item(guildId, id);
    if (item?.state !== 'open') return { kind: 'gone' };
    if (item.kind === 'submission' && item.authorId === reviewerId && !options.selfApprove) {
      return { kind: 'own-submission' };
    }
    const target =
      item.kind === 'submission'
        ? item.question
        : item.questionId
          ? this.questions.get(guildId, item.questionId)
          : undefined;
    if (!target) return { kind: 'gone' };
    const bareTarget = bareId(target.id);
    let question: StoredQuestion = { ...target, id: bareTarget };
    if ('file' in question) delete (question as { file?: string }).file;
    if (options.edited) {
      const parsed = parseSubmission(
        options.edited,
        bareTarget,
        // a fixed shipped question is the reviewer's copy; a submission stays its author's
        target.author ?? (item.kind === 'submission' ? item.authorId : reviewerId),
      );
      if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
      question = { ...parsed.question, difficulty: target.difficulty, ...(target.source ? { source: target.source } : {}) };
    } else if (item.kind === 'report') {
      return { kind: 'gone' };
    }
    const bank = this.store.bank(guildId);
    const exists = bank.questions.some((q) => q.id === question.id);
    if (!exists && bank.questions.length >= MAX_SERVER_QUESTIONS) return { kind: 'bank-full' };
    const shippedFixed = item.kind === 'report' && item.questionId && !isOwnId(item.questionId) ? item.questionId : null;
    await this.store.updateBank(guildId, (b) => ({
      ...b,
      questions: exists ? b.questions.map((q) => (q.id === question.id ? question : q)) : [...b.questions, question],
      disabled: shippedFixed && !b.disabled.includes(shippedFixed) ? [...b.disabled, shippedFixed] : b.disabled,
    }));
    const state = item.kind === 'submission' ? 'approved' : 'fixed';
    const decided = await this.decide(guildId, id, { state, by: reviewerId });
    return decided ? { kind: 'done', item: decided, questionId: ownId(question.id) } : { kind: 'gone' };
  }

  async reject(guildId: string, id: number, reviewerId: string, reason: string): Promise<DecideOutcome> {
    const item = await this.decide(guildId, id, { state: 'rejected', by: reviewerId, reason: reason.trim().slice(0, 500) });
    return item ? { kind: 'done', item } : { kind: 'gone' };
  }

  /** A report's question is not asked in this server any more (shipped ones too). */
  async disable(guildId: string, id: number, reviewerId: string): Promise<DecideOutcome> {
    const item = this.item(guildId, id);
    if (item?.state !== 'open' || !item.questionId) return { kind: 'gone' };
    const questionId = item.questionId;
    await this.store.updateBank(guildId, (b) =>
      b.disabled.includes(questionId) ? null : { ...b, disabled: [...b.disabled, questionId] },
    );
    const decided = await this.decide(guildId, id, { state: 'disabled', by: reviewerId });
    return decided ? { kind: 'done', item: decided, questionId } : { kind: 'gone' };
  }

  async dismiss(guildId: string, id: number, reviewerId: string): Promise<DecideOutcome> {
    const item = await this.decide(guildId, id, { state: 'dismissed', by: reviewerId });
    return item ? { kind: 'done', item } : { kind: 'gone' };
  }

  private async decide(
    guildId: string,
    id: number,
    decision: { state: Exclude<QueueItem['state'], 'open'>; by: string; reason?: string },
  ): Promise<QueueItem | undefined> {
    let decided: QueueItem | undefined;
    await this.store.updateQueue(guildId, (q) => {
      const next = decide(q, id, { ...decision, at: this.clock().getTime() });
      decided = next?.items.find((i) => i.id === id) ?? (next ? q.items.find((i) => i.id === id) : undefined);
      return next;
    });
    return decided;
  }
}
