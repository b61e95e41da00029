import { noteKey, type Section } from '../corpus/types.js';
import { analyzeWords, tokenTerms, tokensOf } from './analyze.js';
import type { Glossary } from './glossary.js';
import { attachPostings, postingsOf } from './postings.js';
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
  // a title's terms as term ids (a title's words are all indexed: the title field holds them)
  const titles = new Map<string, Int32Array>();
  const titleTerms = (text: string) => {
    const known = titles.get(text);
    if (known) return known;
    const ids = Int32Array.from(titleTermsOf(text).flatMap((term) => termIds.get(term) ?? []));
    titles.set(text, ids);
    return ids;
  };

  return attachPostings({ sections, glossary, options }, {
    termIds,
    postingDocs,
    postingTfs,
    titleTerms: sections.map((s) => [titleTerms(s.noteTitle), titleTerms(s.headingPath.at(-1) ?? '')]),
    noteOf,
    docWeights,
    scratch: {
      scores: new Float64Array(sections.length),
      matched: new Uint32Array(sections.length),
      noteSums: new Float64Array(notePaths.size),
      touched: new Int32Array(sections.length),
      values: new Float64Array(sections.length),
      asked: new Uint8Array(termIds.size),
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
  const { scores, matched, touched } = postings.scratch;
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
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] as number;
      const before = scores[doc] as number;
      if (before === 0) touched[count++] = doc;
      scores[doc] = before + w * (tfs[i] as number);
      matched[doc] = (matched[doc] as number) | mask;
    }
  }
  const docs = touched.subarray(0, count);

  // coordination: a section holding more of the question's concepts (not only more of one) ranks higher;
  // `factor[held]` is the multiplier for a section holding `held` of them
  const masks = conceptMasks(terms);
  const coord = index.options.coordination;
  const factor =
    coord > 0 && masks.length > 1
      ? Array.from({ length: masks.length + 1 }, (_, held) => ((1 + held) / (1 + masks.length)) ** coord)
      : undefined;
  // one pass applies coordination and sums each note's sections; the next adds the note's support and the
  // source's weight (a note about the topic beats a passing mention)
  const { noteSums } = postings.scratch;
  const { noteOf, docWeights } = postings;
  for (const doc of docs) {
    let score = scores[doc] as number;
    if (factor) {
      const have = matched[doc] as number;
      let held = 0;
      for (let m = 0; m < masks.length; m++) if (have & (masks[m] as number)) held++;
      score *= factor[held] as number;
      scores[doc] = score;
    }
    const note = noteOf[doc] as number;
    noteSums[note] = (noteSums[note] as number) + score;
  }
  const support = index.options.noteSupport;
  for (const doc of docs) {
    const own = scores[doc] as number;
    const others = (noteSums[noteOf[doc] as number] as number) - own;
    const score = own + support * Math.min(others, own);
    scores[doc] = docWeights ? score * (docWeights[doc] as number) : score;
  }
  for (const doc of docs) noteSums[noteOf[doc] as number] = 0;
  // A question that names exactly what a note or heading is about ("파드란?") should find that page
  // before pages that only mention the word often: lift sections whose title is mostly the question's terms.
  const { asked } = postings.scratch;
  const askedIds = terms.flatMap((t) => postings.termIds.get(t.term) ?? []);
  for (const id of askedIds) asked[id] = 1;
  const head = bestOf(docs, scores, postings.scratch.values, RERANK);
  for (const doc of head) {
    let best = 0;
    for (const title of postings.titleTerms[doc] as [Int32Array, Int32Array]) {
      let hit = 0;
      for (let i = 0; i < title.length; i++) hit += asked[title[i] as number] as number;
      best = Math.max(best, hit / (title.length + 1));
    }
    scores[doc] = (scores[doc] as number) * (1 + index.options.titleBoost * best);
  }
  for (const id of askedIds) asked[id] = 0;
  head.sort(byScore(scores));
  const hits: Hit[] = [];
  const perPath = new Map<string, number>();
  const take = (ranked: number[]) => {
    for (const doc of ranked) {
      if (hits.length >= top) return;
      const section = index.sections[doc];
      if (!section) continue;
      const key = noteKey(section);
      const seen = perPath.get(key) ?? 0;
      if (seen >= perNote) continue;
      perPath.set(key, seen + 1);
      const mask = matched[doc] as number;
      hits.push({
        section,
        score: scores[doc] as number,
        coverage: coverage(terms, weights, mask),
      });
    }
  };
  take(head);
  // rarely, the per-note limit uses up the head: the rest is ranked only then
  if (hits.length < top && head.length < docs.length) {
    const inHead = new Set(head);
    take(Array.from(docs).filter((d) => !inHead.has(d)).sort(byScore(scores)));
  }
  for (const doc of docs) {
    scores[doc] = 0;
    matched[doc] = 0;
  }
  return { query, words, terms, hits };
}

/** One bit mask per concept of the question (a word and its glossary spellings), intent words left out. */
function conceptMasks(terms: QueryTerm[]): Int32Array {
  const byGroup = new Map<number, number>();
  terms.forEach((qt, bit) => {
    if (bit < 32 && !qt.intent) byGroup.set(qt.group, (byGroup.get(qt.group) ?? 0) | (1 << bit));
  });
  return Int32Array.from(byGroup.values());
}

const byScore = (scores: Float64Array) => (a: number, b: number) => (scores[b] as number) - (scores[a] as number);

/**
 * The `k` best docs, unsorted: a query can touch thousands of sections and only the first few are
 * read. The k-th best score is selected from a scratch copy in linear time (sorting it was the
 * largest single cost of a query).
 */
function bestOf(docs: Int32Array, scores: Float64Array, values: Float64Array, k: number): number[] {
  if (docs.length <= k) return Array.from(docs);
  const copy = values.subarray(0, docs.length);
  for (let i = 0; i < docs.length; i++) copy[i] = scores[docs[i] as number] as number;
  const kth = select(copy, docs.length - k);
  const best: number[] = [];
  for (const doc of docs) if ((scores[doc] as number) >= kth) best.push(doc);
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

/** Share of the question's concepts (idf-weighted) that a section matches through its best spelling. */
function coverage(terms: QueryTerm[], weights: number[], mask: number): number {
  const groups = new Map<number, { weight: number; units: Map<number, { hit: number; all: number }> }>();
  terms.forEach((qt, bit) => {
    if (bit >= 32) return;
    const w = weights[bit] ?? 0;
    const group = groups.get(qt.group) ?? { weight: 0, units: new Map() };
    if (qt.unit === 0) group.weight = Math.max(group.weight, w / qt.weight);
    const unit = group.units.get(qt.unit) ?? { hit: 0, all: 0 };
    unit.all += w;
    if (mask & (1 << bit)) unit.hit += w;
    group.units.set(qt.unit, unit);
    groups.set(qt.group, group);
  });
  let total = 0;
  let got = 0;
  for (const group of groups.values()) {
    let best = 0;
    for (const unit of group.units.values()) best = Math.max(best, unit.all > 0 ? unit.hit / unit.all : 0);
    total += group.weight;
    got += group.weight * best;
  }
  return total > 0 ? got / total : 0;
}
