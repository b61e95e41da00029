import { analyzeWords, englishForms, type Word } from './analyze.js';
import { expand, spellingWords } from './glossary.js';
import { buildTypoIndex, correct, type TypoIndex } from './typo.js';
import { documentFrequency, hasTerm, termsWithFrequency } from './postings.js';
import type { QueryTerm, SearchIndex } from './types.js';

/** The question side of search: its words read through typos and the glossary, as weighted terms. */

/** The spelling number of a word's other English forms within its concept (glossary spellings count from 1). */
export const FORMS_UNIT = 63;

/** The question's words and glossary spellings as weighted terms, grouped by concept. */
export function queryTerms(index: SearchIndex, words: Word[]): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Map<string, QueryTerm>();
  const push = (term: string, weight: number, group: number, unit: number, intent?: boolean, concept?: boolean) => {
    const known = seen.get(term);
    if (known) {
      if (weight > known.weight) Object.assign(known, { weight, group, unit, intent, concept });
      return;
    }
    const entry = { term, weight, group, unit, intent, concept };
    seen.set(term, entry);
    terms.push(entry);
  };
  words.forEach((word, group) => {
    const weight = word.intent ? index.options.intentWeight : word.typoOf ? index.options.typoWeight : 1;
    word.terms.forEach((term, t) => {
      push(term, weight * pairShare(index, word, t), group, 0, word.intent);
    });
    // another form of an English word (heal: healing; writing: write) that the corpus has: weak evidence,
    // since a form can drift in meaning (format: formatting)
    if (!word.korean) {
      for (const form of englishForms(word.key)) {
        if (hasTerm(index, form)) push(form, weight * index.options.formsWeight, group, FORMS_UNIT, word.intent);
      }
    }
  });
  expand(index.glossary, words).forEach(({ source, spellings, general }, n) => {
    const weight = index.options.expansionWeight;
    // an ordinary word's English forms are mostly inflections of one word (create, created, creating): a section
    // using two of them has not said two things, so they share the word's weight
    let englishShare = 1;
    if (general) {
      const forms = new Set<string>();
      for (const spelling of spellings) {
        const words = spellingWords(index.glossary, spelling);
        if (!isKorean(spelling) && words.every((w) => hasTerm(index, w.key))) forms.add(words.map((w) => w.key).join(' '));
      }
      englishShare = 1 / Math.max(1, forms.size) ** index.options.generalFormsShare;
    }
    spellings.forEach((spelling, s) => {
      const words = spellingWords(index.glossary, spelling);
      // the words of a spelling of several words (크래시 루프) each stand for only part of it
      const share = (index.options.splitPhrases ? weight / words.length : weight) * (isKorean(spelling) ? 1 : englishShare);
      for (const word of words) {
        // a spelling the corpus does not have is no evidence: its pieces (크래시루프백오프 -> 크래, 루프)
        // would match unrelated words
        if (!index.options.expansionFragments && !hasTerm(index, word.key)) continue;
        word.terms.forEach((term, t) => {
          push(term, share * pairShare(index, word, t), source, 1 + n * 64 + s, undefined, !general);
        });
      }
    });
  });
  return terms;
}

/**
 * The share of a word's weight that its term `t` carries: a Korean word's syllable pairs (after the whole
 * word, term 0) split `pairShare` words' weight between them, so a long word (스테이트풀셋: five pairs)
 * weighs about as much as a short one (주키퍼: two) instead of two and a half times as much.
 */
function pairShare(index: SearchIndex, word: Word, t: number): number {
  if (t === 0 || !word.korean) return 1;
  return Math.min(1, index.options.pairShare / (word.terms.length - 1));
}

const isKorean = (text: string) => /[\uac00-\ud7a3]/.test(text);

function known(index: SearchIndex, key: string): boolean {
  return hasTerm(index, key) || index.glossary.byKey.has(key);
}

/** A word neither the corpus nor the glossary has is read as the closest word they do have, if one is an edit away. */
export function correctTypo(index: SearchIndex, word: Word): Word {
  if (known(index, word.key)) return word;
  const fixed = correct(prepareTypos(index), word.key);
  const replacement = fixed ? analyzeWords(fixed)[0] : undefined;
  return replacement ? { ...replacement, typoOf: word.surface } : word;
}

/** Builds the typo index now (the library does at build time), so no question pays for it. */
export function prepareTypos(index: SearchIndex): TypoIndex {
  index.typos ??= buildTypoIndex(vocabulary(index));
  return index.typos;
}

function* vocabulary(index: SearchIndex): Generator<[string, number]> {
  yield* termsWithFrequency(index);
  for (const key of index.glossary.byKey.keys()) if (!hasTerm(index, key)) yield [key, 0];
}

/** Inverse document frequency of a term by its text (0 docs for a term the corpus does not have). */
export function termIdf(index: SearchIndex, term: string): number {
  return idfOf(index, documentFrequency(index, term));
}

/** BM25's idf for a term found in `df` of the index's sections. */
export function idfOf(index: SearchIndex, df: number): number {
  const n = index.sections.length;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
