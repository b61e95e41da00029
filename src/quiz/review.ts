import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import type { ReviewCard, UserRecord } from '../store/records.js';

// no fuzz: the same answers at the same times give the same schedule (tests, support questions)
const scheduler = fsrs({ enable_fuzz: false });

function toCard(c: ReviewCard): Card {
  return {
    ...c,
    due: new Date(c.due),
    last_review: c.last_review === undefined ? undefined : new Date(c.last_review),
  };
}

function fromCard(card: Card): ReviewCard {
  const { due, last_review, ...rest } = card;
  return { ...rest, due: due.getTime(), ...(last_review ? { last_review: last_review.getTime() } : {}) };
}

function grade(existing: ReviewCard | undefined, rating: Grade, now: Date): ReviewCard {
  const card = existing ? toCard(existing) : createEmptyCard(now);
  return fromCard(scheduler.next(card, now, rating).card);
}

/** A wrong answer (daily or practice) puts the question in the deck, or reviews it as "again". */
export function addWrongAnswer(rec: UserRecord, questionId: string, now: Date): UserRecord {
  return { ...rec, deck: { ...rec.deck, [questionId]: grade(rec.deck[questionId], Rating.Again, now) } };
}

/**
 * Grades a served review card: right = Good, wrong = Again. `reps` is the card's
 * review count when it was served; if it moved on, this click was already graded.
 */
export function applyReview(
  rec: UserRecord,
  questionId: string,
  reps: number,
  correct: boolean,
  now: Date,
): UserRecord | null {
  const card = rec.deck[questionId];
  if (!card || card.reps !== reps) return null;
  return { ...rec, deck: { ...rec.deck, [questionId]: grade(card, correct ? Rating.Good : Rating.Again, now) } };
}

/** Question ids due now, most overdue first, limited to questions still in the bank. */
export function dueQuestions(rec: UserRecord, now: Date, inBank: (id: string) => boolean): string[] {
  return Object.entries(rec.deck)
    .filter(([id, card]) => card.due <= now.getTime() && inBank(id))
    .sort((a, b) => a[1].due - b[1].due || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
}

export function nextDue(rec: UserRecord, inBank: (id: string) => boolean): number | null {
  let next: number | null = null;
  for (const [id, card] of Object.entries(rec.deck)) {
    if (inBank(id) && (next === null || card.due < next)) next = card.due;
  }
  return next;
}
