import type { StoredQuestion } from '../store/records.js';
import { checkQuestion, LETTERS, type Question, SERVER_RULES } from './bank.js';

/*
 * The review queue of one server: questions members propose and reports of
 * questions that are wrong. Pure functions over the stored value (key
 * `g:<guild>:queue`); the quiz service writes it in one set() per change.
 */

export type QueueState = 'open' | 'approved' | 'rejected' | 'fixed' | 'disabled' | 'dismissed';

export interface QueueItem {
  id: number;
  kind: 'submission' | 'report';
  state: QueueState;
  /** the member who submitted or reported */
  authorId: string;
  /** epoch ms */
  at: number;
  /** a submission: the question as proposed (its id made up from the item's) */
  question?: StoredQuestion;
  /** a report: the question reported, as the server refers to it (shipped id or `s.<id>`) */
  questionId?: string;
  /** a report: what the member says is wrong */
  text?: string;
  decidedBy?: string;
  decidedAt?: number;
  /** a rejection's reason, told to the author */
  reason?: string;
}

/** key `g:<guildId>:queue` */
export interface ReviewQueue {
  v: 1;
  nextId: number;
  items: QueueItem[];
}

export const emptyQueue = (): ReviewQueue => ({ v: 1, nextId: 1, items: [] });

/** per member and hour: submissions, and reports, each */
export const RATE_LIMIT = 5;
export const RATE_WINDOW_MS = 3_600_000;
/** decided items kept for the record (stats, a member asking what happened) */
export const KEEP_DECIDED = 200;

/** When the member may send another of this kind (epoch ms), or null when they may now. */
export function rateLimitedUntil(
  queue: ReviewQueue,
  authorId: string,
  kind: QueueItem['kind'],
  now: number,
): number | null {
  const recent = queue.items
    .filter((i) => i.authorId === authorId && i.kind === kind && i.at > now - RATE_WINDOW_MS)
    .map((i) => i.at)
    .sort((a, b) => a - b);
  if (recent.length < RATE_LIMIT) return null;
  return recent[recent.length - RATE_LIMIT]! + RATE_WINDOW_MS;
}

export function addItem(queue: ReviewQueue, item: Omit<QueueItem, 'id' | 'state'>): { queue: ReviewQueue; id: number } {
  const id = queue.nextId;
  return { queue: { ...queue, nextId: id + 1, items: [...queue.items, { ...item, id, state: 'open' }] }, id };
}

/** Records a decision on an open item; a decided one stays as it was (two reviewers pressing at once). */
export function decide(
  queue: ReviewQueue,
  id: number,
  decision: { state: Exclude<QueueState, 'open'>; by: string; at: number; reason?: string },
): ReviewQueue | null {
  const item = queue.items.find((i) => i.id === id);
  if (item?.state !== 'open') return null;
  const decided: QueueItem = {
    ...item,
    state: decision.state,
    decidedBy: decision.by,
    decidedAt: decision.at,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  const items = queue.items.map((i) => (i.id === id ? decided : i));
  const closed = items.filter((i) => i.state !== 'open');
  const drop = new Set(closed.slice(0, Math.max(0, closed.length - KEEP_DECIDED)).map((i) => i.id));
  return { ...queue, items: items.filter((i) => !drop.has(i.id)) };
}

export const openItems = (queue: ReviewQueue) => queue.items.filter((i) => i.state === 'open');

/** questions with an open report: not drawn until a reviewer looks */
export function reportedIds(queue: ReviewQueue): Set<string> {
  return new Set(openItems(queue).flatMap((i) => (i.kind === 'report' && i.questionId ? [i.questionId] : [])));
}

/** The modal's fields: what a member types to propose a question. */
export interface SubmissionFields {
  question: string;
  choices: string;
  answer: string;
  explanation: string;
  tags: string;
}

export const SUBMISSION_FIELDS = ['question', 'choices', 'answer', 'explanation', 'tags'] as const;

/**
 * A modal's text as a question of the server's bank, through the bank's own validator.
 * Choices are one per line, the answer a letter, tags separated by commas, spaces or `;`.
 */
export function parseSubmission(
  fields: SubmissionFields,
  id: string,
  authorId: string,
): { ok: true; question: StoredQuestion } | { ok: false; problems: { field: string; message: string }[] } {
  const raw = {
    id,
    question: fields.question,
    choices: fields.choices
      .split(/\r?\n/)
      .map((c) => c.trim())
      .filter(Boolean),
    answer: fields.answer.trim().toUpperCase(),
    explanation: fields.explanation,
    tags: fields.tags
      .split(/[\s,;]+/)
      .map((t) => t.replace(/^#/, '').trim())
      .filter(Boolean),
    difficulty: '2',
    author: authorId,
  };
  const checked = checkQuestion(raw, SERVER_RULES, 'submission');
  if (!checked.ok) {
    return {
      ok: false,
      problems: checked.problems.map((p) => ({
        // the modal's field names, not the schema's paths: choices.2 is the choices box
        field: (p.field ?? 'question').split('.')[0]!,
        message: p.message,
      })),
    };
  }
  const { file: _file, ...question } = checked.question;
  return { ok: true, question };
}

/** A question back as the modal's fields (Edit, a report's Fix): prefilled so a reviewer changes only what is wrong. */
export function submissionFieldsOf(q: Pick<Question, 'question' | 'choices' | 'answer' | 'explanation' | 'tags'>): SubmissionFields {
  return {
    question: q.question,
    choices: q.choices.join('\n'),
    answer: LETTERS[q.answer] ?? 'A',
    explanation: q.explanation,
    tags: q.tags.join(', '),
  };
}
