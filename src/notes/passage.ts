import type { Section } from '../corpus/types.js';
import { inlineToText } from '../corpus/markdown.js';
import { analyze } from '../search/analyze.js';
import { type Marker, renderUnit, sectionUnits, tableHeader, type Unit } from './markdown.js';

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
const MAX_UNITS = 4;

function unitScore(unit: Unit, terms: WeightedTerm[]): number {
  const have = new Set(analyze(unit.plain));
  const best = new Map<number, number>();
  for (const t of terms) {
    if (have.has(t.term) && t.weight > (best.get(t.group) ?? 0)) best.set(t.group, t.weight);
  }
  let score = 0;
  for (const w of best.values()) score += w;
  return score;
}

/** Indices of the units to show, in reading order. */
export function pickUnits(units: Unit[], terms: WeightedTerm[], howTo: boolean): number[] {
  if (units.length === 0) return [];
  const scores = units.map((u) => unitScore(u, terms));
  let best = 0;
  scores.forEach((s, i) => {
    if (s > (scores[best] ?? 0)) best = i;
  });
  const first = units[best] as Unit;
  const picked = [best];
  let length = first.plain.length;
  // a code block reads with the sentence that explains it
  if (first.kind === 'code' && best > 0 && units[best - 1]?.kind !== 'code') picked.unshift(best - 1);
  for (let i = best + 1; i < units.length && picked.length < MAX_UNITS; i++) {
    const unit = units[i] as Unit;
    const prev = units[i - 1] as Unit;
    const sameBlock = unit.block === prev.block;
    const introducesCode =
      unit.kind === 'code' && prev.kind !== 'code' && (howTo || /[:：]\s*$/.test(prev.plain) || (scores[i] ?? 0) > 0);
    const keepsGoing = sameBlock && (unit.kind !== 'sentence' || length < BUDGET / 2) && ((scores[i] ?? 0) > 0 || length < BUDGET / 3);
    if (!introducesCode && !keepsGoing) break;
    if (unit.kind !== 'code' && length + unit.plain.length > BUDGET) break;
    picked.push(i);
    length += unit.plain.length;
    if (unit.kind === 'code') break;
  }
  return picked;
}

export interface Passage {
  text: string;
  /** the section's first image, as written in the note */
  image?: string;
}

/** The passage of `section` that answers, rendered for Discord with matched words bold. */
export function passageOf(section: Section, terms: WeightedTerm[], mark: Marker, howTo = false): Passage {
  const units = sectionUnits(section.markdown, inlineToText);
  const picked = pickUnits(units, terms, howTo);
  const parts: string[] = [];
  let previous: Unit | undefined;
  for (const i of picked) {
    const unit = units[i] as Unit;
    if (unit.kind === 'row' && previous?.block !== unit.block) {
      const header = tableHeader(unit);
      if (header) parts.push('\n', header);
    }
    const joiner = !previous ? '' : previous.block === unit.block && unit.kind === 'sentence' ? ' ' : '\n';
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
