/*
 * Baseline for the search benchmark: classic BM25 over Hangul syllable bigrams.
 *
 * This is the standard "no Korean analyzer" baseline of IR work on Korean (Lucene's CJK bigram
 * analyzer; Anserini's BM25 runs on Mr.TyDi-ko and MIRACL-ko). It is written by hand because no
 * npm package indexes Hangul as overlapping syllable bigrams: the JS search libraries split on
 * whitespace (MiniSearch), or delete Hangul outright (Lunr's trimmer, Orama's splitter).
 *
 * It is deliberately plain, so that it measures what our engine adds on top of it:
 * - one field: the note title, heading path, body and code of a section, concatenated;
 * - no glossary, no particle stripping, no stop words, no field weights, no tuning;
 * - BM25 with k1 = 1.2 and b = 0.75 and Lucene's non-negative idf.
 * It is not product code; only `bench/search.ts` and its test use it.
 */

/** Hangul (syllables and jamo); everything that is neither this nor a Latin letter or a digit separates terms. */
const HANGUL = /\p{Script=Hangul}/u;
/** A run of Hangul, or a run of Latin letters and digits. */
const RUN = /\p{Script=Hangul}+|[\p{Script=Latin}\p{Nd}]+/gu;

/**
 * Terms of a text: NFKC-normalised and lowercased; each Hangul run becomes its overlapping
 * syllable bigrams (컨테이너는 -> 컨테 테이 이너 너는; a run of one syllable stays itself), each
 * Latin/digit run one word (`OS에서` -> os 에서; `kube-proxy` -> kube proxy).
 */
export function bigramTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    if (!HANGUL.test(run)) {
      terms.push(run);
      continue;
    }
    const chars = [...run]; // code points, in case a run ever holds characters outside the BMP
    if (chars.length === 1) terms.push(run);
    for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  }
  return terms;
}

export interface Bm25Options {
  /** term-frequency saturation; 1.2 is the usual default */
  k1: number;
  /** length normalisation; 0.75 is the usual default */
  b: number;
}

export interface Bm25Hit {
  /** position of the document in the array given to the constructor */
  doc: number;
  score: number;
}

/** Postings of one term: the documents holding it (ascending) and how often each holds it. */
interface Postings {
  docs: number[];
  tfs: number[];
}

export class Bm25BigramIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  private readonly k1: number;
  private readonly b: number;

  /** Indexes each text as one document; a document's id is its position in `texts`. */
  constructor(texts: readonly string[], { k1, b }: Bm25Options = { k1: 1.2, b: 0.75 }) {
    this.k1 = k1;
    this.b = b;
    this.lengths = new Float64Array(texts.length);
    let total = 0;
    texts.forEach((text, doc) => {
      const terms = bigramTerms(text);
      this.lengths[doc] = terms.length;
      total += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let p = this.postings.get(term);
        if (!p) {
          p = { docs: [], tfs: [] };
          this.postings.set(term, p);
        }
        p.docs.push(doc);
        p.tfs.push(tf);
      }
    });
    this.avgLength = texts.length ? total / texts.length : 0;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Lucene's BM25 idf: ln(1 + (N - df + 0.5) / (df + 0.5)), never negative. */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * Documents holding at least one query term, best first (ties: lower id first), at most `limit`.
   * A term repeated in the query counts once per occurrence, as in Lucene's and Anserini's
   * bag-of-words queries.
   */
  search(query: string, limit = Infinity): Bm25Hit[] {
    const queryTf = new Map<string, number>();
    for (const term of bigramTerms(query)) queryTf.set(term, (queryTf.get(term) ?? 0) + 1);

    // Accumulate into one slot per document; `touched` lists the documents that got any score.
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const [term, qtf] of queryTf) {
      const p = this.postings.get(term);
      if (!p) continue;
      const weight = qtf * this.idf(term);
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i]!;
        const tf = p.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (weight * tf * (this.k1 + 1)) / (tf + norm);
      }
    }

    const hits = touched.map((doc) => ({ doc, score: scores[doc]! }));
    hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
    return hits.length > limit ? hits.slice(0, limit) : hits;
  }
}
