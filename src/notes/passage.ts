import type { Section } from '../corpus/types.js';
import { inlineToText } from '../corpus/markdown.js';
import { analyze } from '../search/analyze.js';
import type { Marker } from './markdown.js';
import { renderUnit, sectionUnits, tableHeader, type Unit } from './units.js';

/*
 * The passage that answers: the unit (sentence, list item, table row, code block) of the section
 * that holds the most of the question's concepts, weighted by rarity, and what reads with it:
 * the next sentences of its paragraph, neighbouring items or rows, the code block a sentence
 * introduces. Shown as the note wrote it, within a budget a reader takes in at a glance.
 */

/** A question term and what it is worth: terms of one concept (group) count once, by the best one. */
export interface WeightedTerm {
  term: string;
  group: number;
  weight: number;
}

const BUDGET = 700;
const MAX_UNITS = 6;

/** The concepts (groups) a unit holds, each with the weight of its best term. */
const unitTerms = new WeakMap<Unit, Set<string>>();
const sectionUnitCache = new WeakMap<Section, Unit[]>();

/** A section's units, cut once per section object (a reload builds new sections). */
function unitsOf(section: Section): Unit[] {
  let units = sectionUnitCache.get(section);
  if (!units) {
    units = sectionUnits(section.markdown, inlineToText);
    sectionUnitCache.set(section, units);
  }
  return units;
}

function unitConcepts(unit: Unit, terms: WeightedTerm[]): Map<number, number> {
  let have = unitTerms.get(unit);
  if (!have) {
    have = new Set(analyze(unit.plain));
    unitTerms.set(unit, have);
  }
  const best = new Map<number, number>();
  for (const t of terms) {
    if (have.has(t.term) && t.weight > (best.get(t.group) ?? 0)) best.set(t.group, t.weight);
  }
  return best;
}

function total(concepts: Map<number, number>): number {
  let score = 0;
  for (const w of concepts.values()) score += w;
  return score;
}

/**
 * A quantity: a number with a unit (30초, 128Mi, 5 minutes) or of two digits or more (a port, 10250),
 * not a list's numbering, an ordinal (1번) or a digit inside a name (v1, k8s).
 */
const QUANTITY =
  /(?<![\w.])(?:\d+(?:\.\d+)?\s*(?:%|초|분|시간|일|주|개월|년|개|회|배|ms|s|m|h|d|ki|mi|gi|kb|mb|gb|tb|seconds?|minutes?|hours?|days?)(?![A-Za-z])|\d{2,}(?![A-Za-z]))/i;

function statesQuantity(unit: Unit): boolean {
  return QUANTITY.test(unit.plain.replace(/^\d+[.)]\s+/, ''));
}

/** Whether `next` reads as the continuation of a passage that ends with `prev` (of `length` characters). */
function continues(prev: Unit, next: Unit, length: number, nextScore: number, howTo: boolean): boolean {
  if (next.block === prev.block) {
    if (next.kind === 'sentence') return length < BUDGET / 2 && (nextScore > 0 || length < BUDGET / 3);
    return true; // the next item or row of the same list or table
  }
  // a sentence that introduces a list, table or code block (often ending with ':') reads with it
  if (prev.kind !== 'sentence' || next.kind === 'sentence' || next.kind === 'block') return false;
  if (next.kind === 'code') return howTo || /[:：]\s*$/.test(prev.plain) || nextScore > 0;
  return /[:：]\s*$/.test(prev.plain) || length < BUDGET / 2;
}

/** What the question asks besides its terms. */
export interface Asking {
  /** a how-to: a sentence reads with the code block it leads to */
  howTo?: boolean;
  /** asks for a number (how long, how many, a default) */
  quantity?: boolean;
}

/**
 * Indices of the units to show, in reading order: of every window that starts at a unit holding a
 * question word and runs on as the note reads, the one holding the most of the question (each concept
 * counted once, by its rarest spelling); on a tie, the earlier.
 */
export function pickUnits(units: Unit[], terms: WeightedTerm[], asking: Asking = {}): number[] {
  if (units.length === 0) return [];
  const { howTo = false, quantity = false } = asking;
  // "how long / how many" asks for a number: a unit that states one holds one more of the question
  const numberWeight = Math.max(0, ...terms.map((t) => t.weight));
  const concepts = units.map((u) => {
    const held = unitConcepts(u, terms); // a new map each call
    if (quantity && statesQuantity(u)) held.set(-1, numberWeight);
    return held;
  });
  const scores = concepts.map(total);
  let best: number[] = [0];
  let bestScore = -1;
  units.forEach((first, start) => {
    if ((scores[start] ?? 0) === 0 && bestScore >= 0) return;
    const window = [start];
    const held = new Map(concepts[start]);
    let length = first.plain.length;
    for (let i = start + 1; i < units.length && window.length < MAX_UNITS; i++) {
      const unit = units[i] as Unit;
      if (!continues(units[i - 1] as Unit, unit, length, scores[i] ?? 0, howTo)) break;
      if (unit.kind !== 'code' && length + unit.plain.length > BUDGET) break;
      window.push(i);
      length += unit.plain.length;
      for (const [g, w] of concepts[i] ?? []) if (w > (held.get(g) ?? 0)) held.set(g, w);
      if (unit.kind === 'code') break;
    }
    // the start's own share breaks ties between windows that hold the same concepts
    const score = total(held) + 0.01 * (scores[start] ?? 0);
    if (score > bestScore) {
      best = window;
      bestScore = score;
    }
  });
  // a code block reads with the sentence that explains it
  const first = best[0] ?? 0;
  if (units[first]?.kind === 'code' && first > 0 && units[first - 1]?.kind === 'sentence') best.unshift(first - 1);
  return best;
}

export interface Passage {
  text: string;
  /** the section's first image, as written in the note */
  image?: string;
}

/** The passage of `section` that answers, rendered for Discord with matched words bold. */
export function passageOf(section: Section, terms: WeightedTerm[], mark: Marker, asking: Asking = {}): Passage {
  const units = unitsOf(section);
  const picked = pickUnits(units, terms, asking);
  const parts: string[] = [];
  let previous: Unit | undefined;
  for (const i of picked) {
    const unit = units[i] as Unit;
    let joiner = !previous ? '' : previous.block === unit.block && unit.kind === 'sentence' ? ' ' : '\n';
    if (unit.kind === 'row' && previous?.block !== unit.block) {
      const header = tableHeader(unit);
      if (header) {
        parts.push(joiner, header);
        joiner = '\n';
      }
    }
    parts.push(joiner, renderUnit(unit, mark));
    previous = unit;
  }
  const text = parts.join('').trim();
  return { text, image: firstImage(section.markdown) };
}

/** The first image a section shows (`![alt](path)`), as written. */
export function firstImage(markdown: string): string | undefined {
  return /!\[[^\]\n]{0,300}\]\(\s*<?([^)\s>]{1,500})/.exec(markdown)?.[1];
}
