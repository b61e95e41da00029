import { convertQwertyToHangul, getChoseong } from 'es-hangul';
import type { Choice } from '../command.js';
import type { Section } from '../corpus/types.js';
import { LIMITS, truncate } from '../reply.js';
import { normalize } from '../search/analyze.js';
import { search } from '../search/engine.js';
import type { Library } from '../search/library.js';
import { cleanInput, hasWords } from '../text.js';

/** Finding a section by its name: /note's autocomplete and free text, and "did you mean" titles. */

export function sectionLabel(section: Section): string {
  return section.heading === section.noteTitle ? section.noteTitle : `${section.noteTitle} › ${section.heading}`;
}

function bigramSet(text: string): Set<string> {
  const s = normalize(text).replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Below this share of character pairs a title is not "close": suggesting it would be noise. */
const MIN_TITLE_SIMILARITY = 0.1;

const titleBigrams = new WeakMap<Library, { title: string; pairs: Set<string> }[]>();

/** Note titles closest to the text by shared character pairs (Dice), for "did you mean". */
export function closeTitles(library: Library, text: string, count: number): string[] {
  let titles = titleBigrams.get(library);
  if (!titles) {
    titles = library.corpus.notes.map((note) => ({ title: note.title, pairs: bigramSet(note.title) }));
    titleBigrams.set(library, titles);
  }
  const wanted = bigramSet(text);
  return titles
    .map(({ title, pairs }) => {
      let common = 0;
      for (const b of pairs) if (wanted.has(b)) common++;
      return { title, score: (2 * common) / (pairs.size + wanted.size || 1) };
    })
    .filter((n) => n.score >= MIN_TITLE_SIMILARITY)
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map((n) => n.title);
}

interface Candidate {
  section: Section;
  label: string;
  plain: string;
  initials: string;
}

const candidateCache = new WeakMap<Library, Candidate[]>();

/** Note titles that more than one source has: their sections are labelled with the source's name. */
function sharedTitles(sections: readonly Section[]): Set<string> {
  const sourcesOf = new Map<string, Set<string>>();
  for (const s of sections) {
    if (!s.origin) continue;
    const names = sourcesOf.get(s.noteTitle) ?? new Set<string>();
    names.add(s.origin.name);
    sourcesOf.set(s.noteTitle, names);
  }
  return new Set([...sourcesOf].filter(([, names]) => names.size > 1).map(([title]) => title));
}

function candidates(library: Library): Candidate[] {
  let list = candidateCache.get(library);
  if (!list) {
    const shared = sharedTitles(library.corpus.sections);
    list = library.corpus.sections.map((section) => {
      const own = sectionLabel(section);
      const from = section.origin && shared.has(section.noteTitle) ? ` · ${section.origin.name}` : '';
      const label = from ? `${truncate(own, LIMITS.choiceName - from.length)}${from}` : own;
      return {
        section,
        label,
        plain: normalize(label).replace(/\s+/g, ''),
        initials: getChoseong(label).replace(/\s+/g, ''),
      };
    });
    candidateCache.set(library, list);
  }
  return list;
}

/**
 * Autocomplete over note titles and headings: plain text, Korean initials
 * (ㅋㅂㄴㅌㅅ -> 쿠버네티스) and text typed on the wrong keyboard layout (zjsxpdlsj -> 컨테이너).
 */
export function suggestTopics(library: Library, typed: string): Choice[] {
  const typedClean = cleanInput(typed).toLowerCase().replace(/\s+/g, '');
  // NFKC would turn the initials ㅋㅂㄴ into conjoining jamo, so they are matched before normalising
  const initialsOnly = /^[ㄱ-ㅎ]+$/.test(typedClean);
  const query = initialsOnly ? typedClean : normalize(typedClean);
  const list = candidates(library);
  if (!query) {
    return list
      .filter((c) => c.section.heading === c.section.noteTitle)
      .slice(0, LIMITS.choices)
      .map((c) => ({ name: truncate(c.label, LIMITS.choiceName), value: c.section.id }));
  }
  const hangulFromQwerty = /^[a-z]+$/.test(query) ? convertQwertyToHangul(query) : '';
  const scored: { c: Candidate; score: number }[] = [];
  for (const c of list) {
    let score = 0;
    if (c.plain.startsWith(query)) score = 4;
    else if (c.plain.includes(query)) score = 3;
    else if (initialsOnly && c.initials.includes(query)) score = 2;
    else if (hangulFromQwerty && /[가-힣]/.test(hangulFromQwerty) && c.plain.includes(hangulFromQwerty)) score = 2;
    if (score > 0) scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || a.c.label.length - b.c.label.length);
  return scored
    .slice(0, LIMITS.choices)
    .map(({ c }) => ({ name: truncate(c.label, LIMITS.choiceName), value: c.section.id }));
}

/** Finds the section for a /note value: an id picked from autocomplete, or free text. */
export function findSection(library: Library, value: string): Section | undefined {
  const byId = library.byId.get(value.trim());
  if (byId) return byId;
  const text = cleanInput(value);
  if (!hasWords(text)) return undefined;
  const picked = suggestTopics(library, text)[0];
  if (picked) return library.byId.get(picked.value);
  const hit = search(library.index, text, 1).hits[0];
  return hit && hit.coverage >= 0.5 ? hit.section : undefined;
}
