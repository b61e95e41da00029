import { noteKey, type Section } from '../corpus/types.js';
import { analyzeWords, tokenTerms, tokensOf } from './analyze.js';
import type { Glossary } from './glossary.js';
import { attachPostings, type Postings, postingsOf } from './postings.js';
import { correctTypo, idfOf, queryTerms } from './query.js';
import {
  DEFAULT_SEARCH_OPTIONS,
  type Hit,
  type QueryTerm,
  type SearchIndex,
  type SearchOptions,
  type SearchResult,
} from './types.js';

export type { Hit, QueryTerm, SearchIndex, SearchOptions, SearchResult } from './types.js';
export { DEFAULT_SEARCH_OPTIONS } from './types.js';
export { correctTypo, prepareTypos, queryTerms, termIdf } from './query.js';

/** Only the best-scoring sections are re-ranked with the title boost. */
const RERANK = 100;

/*
 * Section-level BM25F: each field's term count is normalised by that field's
 * length, weighted and summed before saturation. Written by hand rather than on MiniSearch
 * because the same query must be analysed differently per language and
 * expanded through the glossary; `npm run bench` compares both in one run.
 */

export function buildIndex(
  sections: Section[],
  glossary: Glossary,
  options: SearchOptions = DEFAULT_SEARCH_OPTIONS,
  /** a weight per section (its source's rank) multiplied into its final score; 1 for all when absent */
  docWeights?: Float64Array,
): SearchIndex {
  const termIds = new Map<string, number>();
  const fields = ['title', 'heading', 'body', 'code', 'path'] as const;
  const texts = (s: Section) => [s.noteTitle, s.headingPath.join(' '), s.text, s.code, pathWords(s.path)];
  // pass 1: every section's field tokens as term ids in one flat buffer, and each field's length
  let tokens = new Int32Array(1 << 16);
  let used = 0;
  const fieldStart = new Int32Array(sections.length * fields.length + 1);
  const lengths = fields.map(() => new Float64Array(sections.length));
  // a token's term ids, looked up once per distinct token rather than once per occurrence
  const idsOfToken = new Map<string, number[]>();
  const idsOf = (token: string) => {
    let ids = idsOfToken.get(token);
    if (ids) return ids;
    ids = tokenTerms(token).map((term) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
      }
      return id;
    });
    idsOfToken.set(token, ids);
    return ids;
  };
  sections.forEach((section, doc) => {
    texts(section).forEach((text, f) => {
      const start = used;
      fieldStart[doc * fields.length + f] = start;
      if (!text) return;
      for (const token of tokensOf(text)) {
        const ids = idsOf(token);
        if (used + ids.length > tokens.length) {
          const grown = new Int32Array(tokens.length * 2);
          grown.set(tokens.subarray(0, used));
          tokens = grown;
        }
        for (const id of ids) tokens[used++] = id;
      }
      (lengths[f] as Float64Array)[doc] = used - start;
    });
  });
  fieldStart[sections.length * fields.length] = used;

  // pass 2: BM25F: each field's count is normalised by that field's length, weighted, and summed.
  // A dense per-term accumulator (reset through the list of terms touched) replaces a Map per section.
  const averages = lengths.map((l) => l.reduce((a, b) => a + b, 0) / Math.max(1, sections.length) || 1);
  const weights = fields.map((f) => options.fieldWeights[f]);
  const tfOf = new Float64Array(termIds.size);
  const seenIn = new Int32Array(termIds.size).fill(-1);
  const docFrequency = new Int32Array(termIds.size);
  const sectionTerms: Int32Array[] = [];
  const sectionTfs: Float32Array[] = [];
  const touched: number[] = [];
  for (let doc = 0; doc < sections.length; doc++) {
    touched.length = 0;
    for (let f = 0; f < fields.length; f++) {
      const from = fieldStart[doc * fields.length + f] as number;
      const to = fieldStart[doc * fields.length + f + 1] as number;
      if (from === to) continue;
      const norm = 1 - options.b + (options.b * ((lengths[f] as Float64Array)[doc] ?? 0)) / (averages[f] as number);
      const add = (weights[f] as number) / norm;
      for (let i = from; i < to; i++) {
        const id = tokens[i] as number;
        if (seenIn[id] !== doc) {
          seenIn[id] = doc;
          tfOf[id] = 0;
          touched.push(id);
        }
        tfOf[id] = (tfOf[id] as number) + add;
      }
    }
    const ids = Int32Array.from(touched);
    sectionTerms.push(ids);
    // BM25's saturation of the weighted count, done once here rather than on every posting of every query
    const k1 = options.k1;
    sectionTfs.push(Float32Array.from(ids, (id) => ((tfOf[id] as number) * (k1 + 1)) / ((tfOf[id] as number) + k1)));
    for (const id of ids) docFrequency[id] = (docFrequency[id] as number) + 1;
  }
  // pass 3: the postings, sized exactly, filled in section order
  const postingDocs = Array.from(docFrequency, (n) => new Int32Array(n));
  const postingTfs = Array.from(docFrequency, (n) => new Float32Array(n));
  const fill = new Int32Array(termIds.size);
  sectionTerms.forEach((ids, doc) => {
    const tfs = sectionTfs[doc] as Float32Array;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const at = fill[id] as number;
      (postingDocs[id] as Int32Array)[at] = doc;
      (postingTfs[id] as Float32Array)[at] = tfs[i] as number;
      fill[id] = at + 1;
    }
  });
  const notePaths = new Map<string, number>();
  const noteOf = Int32Array.from(sections, (s) => {
    const key = noteKey(s);
    const known = notePaths.get(key);
    if (known !== undefined) return known;
    notePaths.set(key, notePaths.size);
    return notePaths.size - 1;
  });
  // each distinct title (note titles and headings) once, as term ids; a title's words are all indexed
  // (the title field holds them)
  const titleNumbers = new Map<string, number>();
  const titles: Int32Array[] = [];
  const titleOf = (text: string) => {
    let n = titleNumbers.get(text);
    if (n === undefined) {
      n = titles.length;
      titleNumbers.set(text, n);
      titles.push(Int32Array.from(titleTermsOf(text).flatMap((term) => termIds.get(term) ?? [])));
    }
    return n;
  };
  const sectionTitles = new Int32Array(sections.length * 2);
  sections.forEach((s, doc) => {
    sectionTitles[2 * doc] = titleOf(s.noteTitle);
    sectionTitles[2 * doc + 1] = titleOf(s.headingPath.at(-1) ?? '');
  });

  return attachPostings({ sections, glossary, options }, {
    termIds,
    postingDocs,
    postingTfs,
    titles,
    sectionTitles,
    noteOf,
    docWeights,
    scratch: {
      scores: new Float64Array(sections.length),
      matched: new Uint32Array(sections.length),
      held: new Uint32Array(sections.length),
      noteSums: new Float64Array(notePaths.size),
      taken: new Int32Array(notePaths.size),
      touched: new Int32Array(sections.length),
      values: new Float64Array(sections.length),
      asked: new Uint8Array(termIds.size),
      titleShares: new Float64Array(titles.length).fill(-1),
    },
  });
}

/**
 * The words of a note's file name ("configure-multiple-schedulers.md", "_posts/2024-09-01-container-vs-vm.md"):
 * authors name files after what they are about, often in English even when the text is Korean.
 */
export function pathWords(path: string): string {
  const parts = path.replace(/\.(md|markdown)$/i, '').split('/');
  let leaf = parts.pop() ?? '';
  if (/^_?index$/i.test(leaf)) leaf = parts.pop() ?? '';
  return leaf.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/[-_]+/g, ' ');
}

/** A title's distinct terms without question filler (무엇일까, 어떻게), so "X란 무엇일까?" counts as being about X. */
function titleTermsOf(text: string): string[] {
  return [...new Set(analyzeWords(text, true).flatMap((w) => w.terms))];
}

/**
 * Ranks sections for a question. `perNote` limits how many sections of one
 * note appear, so the next results point somewhere new.
 */
export function search(index: SearchIndex, query: string, top = 10, perNote = 1): SearchResult {
  const words = analyzeWords(query.slice(0, 1000), true)
    .slice(0, 40)
    .map((word) => correctTypo(index, word));
  const terms = queryTerms(index, words);
  const postings = postingsOf(index);
  const { scores, matched, held, touched, values } = postings.scratch;
  // coordination: a section holding more of the question's concepts (not only more of one) ranks higher;
  // each term marks its concept's bit in `held`, and `factor[n]` multiplies a section holding n concepts
  const conceptBits = conceptBitsOf(terms);
  const concepts = new Set(conceptBits).size - (conceptBits.includes(0) ? 1 : 0);
  const coord = index.options.coordination;
  const factor =
    coord > 0 && concepts > 1
      ? Float64Array.from({ length: concepts + 1 }, (_, n) => ((1 + n) / (1 + concepts)) ** coord)
      : undefined;
  // a plain loop rather than forEach: `count` stays a local the inner loop can keep in a register
  let count = 0;
  const weights: number[] = [];
  for (let bit = 0; bit < terms.length; bit++) {
    const qt = terms[bit] as QueryTerm;
    const id = postings.termIds.get(qt.term);
    const docs = id === undefined ? undefined : postings.postingDocs[id];
    const tfs = id === undefined ? undefined : postings.postingTfs[id];
    const w = qt.weight * idfOf(index, docs?.length ?? 0);
    weights.push(w);
    // a term of no weight (an option set to 0) must not touch sections: their score would stay 0
    if (!docs || !tfs || w <= 0) continue;
    const mask = bit < 32 ? 1 << bit : 0;
    const concept = conceptBits[bit] ?? 0;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] as number;
      const before = scores[doc] as number;
      if (before === 0) touched[count++] = doc;
      scores[doc] = before + w * (tfs[i] as number);
      matched[doc] = (matched[doc] as number) | mask;
      held[doc] = (held[doc] as number) | concept;
    }
  }
  const docs = touched.subarray(0, count);

  // one pass applies coordination and sums each note's sections; the next adds the note's support and the
  // source's weight (a note about the topic beats a passing mention)
  const { noteSums } = postings.scratch;
  const { noteOf, docWeights } = postings;
  for (let i = 0; i < count; i++) {
    const doc = docs[i] as number;
    let score = scores[doc] as number;
    if (factor) {
      score *= factor[bitCount(held[doc] as number)] as number;
      scores[doc] = score;
    }
    const note = noteOf[doc] as number;
    noteSums[note] = (noteSums[note] as number) + score;
  }
  const support = index.options.noteSupport;
  for (let i = 0; i < count; i++) {
    const doc = docs[i] as number;
    const own = scores[doc] as number;
    const others = (noteSums[noteOf[doc] as number] as number) - own;
    let score = own + support * Math.min(others, own);
    if (docWeights) score *= docWeights[doc] as number;
    scores[doc] = score;
    values[i] = score; // for selecting the best few below
  }
  // A question that names exactly what a note or heading is about ("파드란?") should find that page
  // before pages that only mention the word often: lift sections whose title is mostly the question's terms.
  const head = bestOf(docs, scores, values, RERANK);
  boostTitles(postings, terms, head, scores, index.options.titleBoost);
  head.sort(byScore(scores));
  const hits: Hit[] = [];
  const coverage = coverageOf(terms, weights);
  const { taken } = postings.scratch; // hits so far per note
  // each ranked doc is read once: its score is then set to -1, which no touched section has
  const take = (ranked: number[]) => {
    for (const doc of ranked) {
      const section = index.sections[doc];
      const note = noteOf[doc] as number;
      if (hits.length < top && section && (taken[note] as number) < perNote) {
        taken[note] = (taken[note] as number) + 1;
        hits.push({ section, score: scores[doc] as number, coverage: coverage(matched[doc] as number) });
      }
      scores[doc] = -1;
    }
  };
  take(head);
  // rarely, the per-note limit uses up the head (a note of a hundred sections that all match): the rest is
  // ranked in rounds then, each selecting the best sections of notes that still have room
  while (hits.length < top) {
    const rest: number[] = [];
    for (let i = 0; i < count; i++) {
      const doc = docs[i] as number;
      const score = scores[doc] as number;
      if (score >= 0 && (taken[noteOf[doc] as number] as number) < perNote) {
        values[rest.length] = score;
        rest.push(doc);
      }
    }
    if (rest.length === 0) break;
    take(bestOf(rest, scores, values, RERANK).sort(byScore(scores)));
  }
  for (let i = 0; i < count; i++) {
    const doc = docs[i] as number;
    scores[doc] = 0;
    matched[doc] = 0;
    held[doc] = 0;
    noteSums[noteOf[doc] as number] = 0;
    taken[noteOf[doc] as number] = 0;
  }
  return { query, words, terms, hits };
}

/**
 * Multiplies the scores of `docs` by 1 + boost × the largest share of one of their titles (the note's,
 * the heading's) that is the question's terms. Sections of one note share a title: each is read once.
 */
function boostTitles(postings: Postings, terms: QueryTerm[], docs: number[], scores: Float64Array, boost: number): void {
  const { asked, titleShares } = postings.scratch;
  const { titles, sectionTitles } = postings;
  const askedIds = terms.flatMap((t) => postings.termIds.get(t.term) ?? []);
  for (const id of askedIds) asked[id] = 1;
  const read: number[] = [];
  const shareOf = (n: number) => {
    let share = titleShares[n] as number;
    if (share < 0) {
      const title = titles[n] as Int32Array;
      let hit = 0;
      for (let i = 0; i < title.length; i++) hit += asked[title[i] as number] as number;
      share = hit / (title.length + 1);
      titleShares[n] = share;
      read.push(n);
    }
    return share;
  };
  for (const doc of docs) {
    const best = Math.max(shareOf(sectionTitles[2 * doc] as number), shareOf(sectionTitles[2 * doc + 1] as number));
    scores[doc] = (scores[doc] as number) * (1 + boost * best);
  }
  for (const id of askedIds) asked[id] = 0;
  for (const n of read) titleShares[n] = -1;
}

/**
 * Each term's concept as one bit (a word and its glossary spellings share it); 0 for intent words and
 * terms past the 32nd, which coordination leaves out.
 */
function conceptBitsOf(terms: QueryTerm[]): Int32Array {
  const bitOfGroup = new Map<number, number>();
  return Int32Array.from(terms, (qt, n) => {
    if (n >= 32 || qt.intent) return 0;
    let bit = bitOfGroup.get(qt.group);
    if (bit === undefined) {
      bit = 1 << bitOfGroup.size;
      bitOfGroup.set(qt.group, bit);
    }
    return bit;
  });
}

/** The number of set bits of a 32-bit integer. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Best first. Returns -1, 0 or 1 rather than the difference: a small integer needs no allocation, a fraction does. */
const byScore = (scores: Float64Array) => (a: number, b: number) => Math.sign((scores[b] as number) - (scores[a] as number));

/**
 * The `k` best docs, unsorted: a query can touch thousands of sections and only the first few are
 * read. The k-th best score is selected in linear time from `values` (the docs' scores, in the order
 * of `docs`; reordered here): sorting them was the largest single cost of a query.
 */
function bestOf(docs: Int32Array | number[], scores: Float64Array, values: Float64Array, k: number): number[] {
  if (docs.length <= k) return Array.from(docs);
  const kth = select(values.subarray(0, docs.length), docs.length - k);
  const best: number[] = [];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number;
    if ((scores[doc] as number) >= kth) best.push(doc);
  }
  return best;
}

/** The value that would sit at `rank` if `values` were sorted ascending (Hoare's quickselect; reorders `values`). */
export function select(values: Float64Array, rank: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // median of three keeps already-ordered input from the quadratic case
    const mid = (lo + hi) >>> 1;
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return values[rank] as number;
  }
  return values[rank] as number;
}

/**
 * Share of the question's concepts (idf-weighted) that a section matches through its best spelling, as a
 * function of the section's term mask: the concepts and their spellings are grouped once per question,
 * so scoring a hit allocates nothing.
 */
function coverageOf(terms: QueryTerm[], weights: number[]): (mask: number) => number {
  const groups = new Map<number, { weight: number; units: Map<number, number[]> }>();
  terms.forEach((qt, bit) => {
    if (bit >= 32) return;
    const w = weights[bit] ?? 0;
    const group = groups.get(qt.group) ?? { weight: 0, units: new Map<number, number[]>() };
    if (qt.unit === 0) group.weight = Math.max(group.weight, w / qt.weight);
    const unit = group.units.get(qt.unit) ?? [];
    unit.push(bit);
    group.units.set(qt.unit, unit);
    groups.set(qt.group, group);
  });
  const plan = [...groups.values()].map((g) => ({ weight: g.weight, units: [...g.units.values()] }));
  return (mask) => {
    let total = 0;
    let got = 0;
    for (const group of plan) {
      let best = 0;
      for (const bits of group.units) {
        let hit = 0;
        let all = 0;
        for (const bit of bits) {
          const w = weights[bit] as number;
          all += w;
          if (mask & (1 << bit)) hit += w;
        }
        best = Math.max(best, all > 0 ? hit / all : 0);
      }
      total += group.weight;
      got += group.weight * best;
    }
    return total > 0 ? got / total : 0;
  };
}
