import type { Question } from './bank.js';
import { hash32 } from './pick.js';

/*
 * Choices are shown in an order drawn per quiz, so the position of the right
 * answer in the source file (a rotation, a favourite letter) gives nothing away.
 * An order lists, for each position shown, the index of the choice in the bank:
 * order [2, 0, 1] shows choice 2 as A. Buttons carry the bank index, so answers,
 * tallies and scores are always kept against the bank's own choice numbers.
 */

/** mulberry32: a tiny seeded generator; the same seed gives the same order on every machine */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform random order of `count` choices (Fisher-Yates), from a seed string or a random source. */
export function shuffleOrder(count: number, seed: string | (() => number)): number[] {
  const random = typeof seed === 'string' ? seededRandom(hash32(seed)) : seed;
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The order to show: a stored one if it fits the question, else the bank's own (quizzes stored before shuffling). */
export function orderFor(count: number, order: readonly number[] | undefined): number[] {
  if (order && order.length === count && [...order].sort((a, b) => a - b).every((v, i) => v === i)) return [...order];
  return Array.from({ length: count }, (_, i) => i);
}

/** The question as shown: choices in display order, `answer` the display position of the right one. */
export function shownQuestion(q: Question, order: readonly number[] | undefined): Question {
  const o = orderFor(q.choices.length, order);
  return { ...q, choices: o.map((i) => q.choices[i]!), answer: o.indexOf(q.answer) };
}

/** The display position of a bank choice index (for "you chose B"). */
export function shownIndex(choice: number, count: number, order: readonly number[] | undefined): number {
  return orderFor(count, order).indexOf(choice);
}
