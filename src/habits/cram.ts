import type { Question } from '../quiz/bank.js';
import type { UserRecord } from '../store/records.js';

/**
 * Cram mode: every card of a member's review deck (or those with a tag), due or
 * not, in a fixed order. It only reads the record: answers are graded on the
 * spot and never touch the FSRS schedule, points or streaks, so the session
 * lives in the buttons' custom ids and needs no storage.
 */

/** The deck's questions still in the bank, soonest due first (then by id): the same order on every click. */
export function cramDeck(rec: UserRecord, question: (id: string) => Question | undefined, tag?: string): Question[] {
  const wanted = tag?.trim().toLowerCase();
  return Object.entries(rec.deck)
    .sort((a, b) => a[1].due - b[1].due || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => question(id))
    .filter((q): q is Question => q !== undefined && (!wanted || q.tags.includes(wanted)));
}

/** A short check of the question at a position, so a click on a deck that changed since is refused, not misgraded. */
export function cardCheck(questionId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < questionId.length; i++) hash = Math.imul(hash ^ questionId.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36).slice(0, 5);
}
