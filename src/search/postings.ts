import type { SearchIndex } from './types.js';

/*
 * The index's working arrays, kept out of `SearchIndex` so nothing outside the engine and the
 * question side can lean on them: commands and the /ask code see sections, glossary and options,
 * and ask about terms through `hasTerm` and `documentFrequency`.
 */

export interface Postings {
  termIds: Map<string, number>;
  postingDocs: Int32Array[];
  /** each posting's saturated term weight, tf·(k1+1)/(tf+k1), over BM25F's weighted field counts */
  postingTfs: Float32Array[];
  /** each distinct note title and heading as its distinct term ids, for the title-match boost */
  titles: Int32Array[];
  /** per section, two numbers into `titles`: its note's title (2·doc) and its own heading (2·doc + 1) */
  sectionTitles: Int32Array;
  /** the note (by number) each section belongs to */
  noteOf: Int32Array;
  /** each section's weight (its source's rank), multiplied into its score; absent when all are 1 */
  docWeights?: Float64Array;
  /**
   * Shared buffers reused by every search, so a query allocates almost nothing. This makes
   * `search()` not re-entrant; it is synchronous, so calls never interleave.
   */
  scratch: {
    scores: Float64Array;
    /** per section, a bit for each term of the question it holds (the first 32 terms) */
    matched: Uint32Array;
    /** per section, a bit for each concept of the question it holds */
    held: Uint32Array;
    noteSums: Float64Array;
    /** per note, how many of its sections the current search has returned */
    taken: Int32Array;
    touched: Int32Array;
    values: Float64Array;
    /** 1 for each term id of the current question (set and cleared by each search) */
    asked: Uint8Array;
    /** per title, the share of it that is the current question's terms; -1 until read (reset by each search) */
    titleShares: Float64Array;
  };
}

const attached = new WeakMap<SearchIndex, Postings>();

export function attachPostings(index: SearchIndex, postings: Postings): SearchIndex {
  attached.set(index, postings);
  return index;
}

// the index asked about last: a question asks about the same index dozens of times (hasTerm)
let last: { index: SearchIndex; postings: Postings } | undefined;

export function postingsOf(index: SearchIndex): Postings {
  if (last?.index === index) return last.postings;
  const postings = attached.get(index);
  if (!postings) throw new Error('not an index built by buildIndex');
  last = { index, postings };
  return postings;
}

/** Whether the corpus has this index term. */
export function hasTerm(index: SearchIndex, term: string): boolean {
  return postingsOf(index).termIds.has(term);
}

/** How many sections hold the term (0 when the corpus does not have it). */
export function documentFrequency(index: SearchIndex, term: string): number {
  const { termIds, postingDocs } = postingsOf(index);
  const id = termIds.get(term);
  return id === undefined ? 0 : (postingDocs[id]?.length ?? 0);
}

/** Every index term with its document frequency. */
export function* termsWithFrequency(index: SearchIndex): Generator<[string, number]> {
  const { termIds, postingDocs } = postingsOf(index);
  for (const [term, id] of termIds) yield [term, postingDocs[id]?.length ?? 0];
}
