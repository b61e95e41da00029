import { disassemble } from 'es-hangul';
import { isEnglishWord, loadEnglishWords } from './english.js';

/*
 * Typo tolerance for words the corpus does not have (인그래스, 스케쥴러, staefulset, livness):
 * the closest word it does have, one edit away (two for long Latin words), Korean compared
 * letter by letter (jamo: 스케쥴러 and 스케줄러 differ in one vowel). Lookup is by deletion
 * neighbourhoods (a word and each form with one letter deleted share a key when one edit apart),
 * so a typo costs a few map lookups, not a scan of the vocabulary. A Korean word is read only through a
 * changed vowel, and an everyday English word is never read as another.
 */

export interface TypoIndex {
  /** deletion key -> vocabulary words */
  neighbours: Map<string, string[]>;
  /** how often each vocabulary word occurs (document frequency), to prefer the common reading */
  frequency: Map<string, number>;
  /** long Latin words by length, for the two-edit fallback */
  longLatin: Map<number, string[]>;
  /** each vocabulary word's letters (jamo for Hangul), computed once */
  forms: Map<string, string>;
  /** answers already given: the same typo comes back from many learners */
  memo: Map<string, string | undefined>;
}

/** Words seen in only one section are left out: a typo is read as a word learners meet more often. */
const MIN_FREQUENCY = 2;
const MEMO_LIMIT = 10_000;

const HANGUL_WORD = /^[\uac00-\ud7a3]{3,}$/;
const LATIN_WORD = /^[a-z][a-z0-9.-]{3,}$/;
const LONG = 8;

function letters(word: string): string {
  return HANGUL_WORD.test(word) ? disassemble(word) : word;
}

function deletions(form: string): string[] {
  const out = [form];
  for (let i = 0; i < form.length; i++) out.push(form.slice(0, i) + form.slice(i + 1));
  return out;
}

/** Typo candidates from the index vocabulary: Hangul stems of 3+ syllables and Latin words of 4+ letters. */
export function buildTypoIndex(vocabulary: Iterable<[string, number]>): TypoIndex {
  loadEnglishWords();
  const neighbours = new Map<string, string[]>();
  const frequency = new Map<string, number>();
  const longLatin = new Map<number, string[]>();
  const forms = new Map<string, string>();
  for (const [word, df] of vocabulary) {
    if (!HANGUL_WORD.test(word) && !LATIN_WORD.test(word)) continue;
    if (df < MIN_FREQUENCY && df !== 0) continue;
    frequency.set(word, df);
    const form = letters(word);
    forms.set(word, form);
    for (const key of new Set(deletions(form))) {
      const list = neighbours.get(key);
      if (list) list.push(word);
      else neighbours.set(key, [word]);
    }
    if (LATIN_WORD.test(word) && word.length >= LONG) {
      const list = longLatin.get(word.length) ?? [];
      list.push(word);
      longLatin.set(word.length, list);
    }
  }
  return { neighbours, frequency, longLatin, forms, memo: new Map() };
}

/** Levenshtein distance with adjacent transpositions, giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      }
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** The vocabulary word one edit from `word` (two for Latin words of 8+ letters), the most frequent on a tie. */
export function correct(typos: TypoIndex, word: string): string | undefined {
  if (typos.memo.has(word)) return typos.memo.get(word);
  const found = closest(typos, word);
  if (typos.memo.size >= MEMO_LIMIT) typos.memo.clear();
  typos.memo.set(word, found);
  return found;
}

const VOWELS = new Set('ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ');

/**
 * Whether two jamo spellings one edit apart differ in a vowel: learners respell loanwords by their vowels
 * (인그래스, 스케쥴, 역활, 캐쉬), while a changed consonant makes another word (죽이기 -> 줄이기, 배포한 -> 배포판).
 */
function vowelEdit(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return VOWELS.has(a[i] ?? '') && VOWELS.has(b[i] ?? '') && a.slice(i + 1) === b.slice(i + 1);
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return VOWELS.has(long[i] ?? '') && long.slice(i + 1) === short.slice(i);
}

function closest(typos: TypoIndex, word: string): string | undefined {
  if (!HANGUL_WORD.test(word) && !LATIN_WORD.test(word)) return undefined;
  // a word spelled right is not a typo of another one (center is not enter)
  if (LATIN_WORD.test(word) && (word.length < 5 || isEnglishWord(word))) return undefined;
  const korean = HANGUL_WORD.test(word);
  const form = letters(word);
  const candidates = new Set<string>();
  for (const key of deletions(form)) for (const found of typos.neighbours.get(key) ?? []) candidates.add(found);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const consider = (candidate: string, max: number) => {
    if (candidate === word) return;
    const candidateForm = typos.forms.get(candidate) ?? letters(candidate);
    const d = editDistance(form, candidateForm, max);
    if (d > max || (korean && !vowelEdit(form, candidateForm))) return;
    const better =
      d < bestDistance ||
      (d === bestDistance && (typos.frequency.get(candidate) ?? 0) > (typos.frequency.get(best ?? '') ?? 0));
    if (better) {
      best = candidate;
      bestDistance = d;
    }
  };
  for (const candidate of candidates) consider(candidate, 1);
  if (!best && LATIN_WORD.test(word) && word.length >= LONG) {
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const candidate of typos.longLatin.get(length) ?? []) consider(candidate, 2);
    }
  }
  return best;
}
