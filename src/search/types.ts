import type { Section } from '../corpus/types.js';
import type { Glossary } from './glossary.js';
import type { Word } from './analyze.js';
import type { TypoIndex } from './typo.js';

/** The search index's shapes and options, apart so the engine and the query side share them without a cycle. */

export interface SearchOptions {
  /** BM25 saturation; like `b`, applied when the index is built */
  k1: number;
  b: number;
  /** `path`: the words of the note's file name (see pathWords) */
  fieldWeights: { title: number; heading: number; body: number; code: number; path: number };
  /** weight of a glossary spelling relative to the word the user typed */
  expansionWeight: number;
  /** weight of the corpus word that stands for a typed word the corpus does not have */
  typoWeight: number;
  /** weight of another form of an English word the corpus has (heal: healing), relative to the word itself */
  formsWeight: number;
  /** how many words' weight a Korean word's syllable pairs share (a long word has many pairs) */
  pairShare: number;
  /** weight of a word that says what kind of answer is wanted (방법, 이유, 차이) rather than its topic */
  intentWeight: number;
  /** exponent of the share of the question's concepts a section holds, multiplied into its score (0: off) */
  coordination: number;
  /** a glossary spelling of several words weighs as much as one word, split between them */
  splitPhrases: boolean;
  /** also search a glossary spelling's pieces (syllable pairs, identifier parts), not only the whole */
  expansionFragments: boolean;
  /**
   * share of the note's other matching sections added to a section's score: a note about the topic
   * beats a passing mention
   */
  noteSupport: number;
  /**
   * exponent of the split of a general word's weight between its English forms present in the corpus
   * (0: each form weighs fully, 1: they share one weight)
   */
  generalFormsShare: number;
  /** how much a section whose title and heading are made of the question's words is lifted */
  titleBoost: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
  k1: 1.5,
  b: 0.75,
  fieldWeights: { title: 2, heading: 2.5, body: 1, code: 0.3, path: 0.5 },
  expansionWeight: 0.8,
  typoWeight: 0.7,
  expansionFragments: false,
  intentWeight: 0.3,
  formsWeight: 0.2,
  pairShare: 2,
  splitPhrases: true,
  coordination: 1,
  titleBoost: 1,
  generalFormsShare: 0.5,
  noteSupport: 0.2,
};


/** What an index shows: its sections, glossary and options (the posting arrays live in postings.ts). */
export interface SearchIndex {
  sections: Section[];
  glossary: Glossary;
  options: SearchOptions;
  /** built on the first question with a word the corpus does not have */
  typos?: TypoIndex;
}

export interface QueryTerm {
  term: string;
  weight: number;
  /** which concept of the question this term stands for (for coverage) */
  group: number;
  /** which spelling of that concept (original = 0) */
  unit: number;
  /** the word says what kind of answer is wanted (방법, 차이), not what it is about */
  intent?: boolean;
  /** a spelling from a glossary concept entry (not a `general` word) */
  concept?: boolean;
}

export interface Hit {
  section: Section;
  score: number;
  /** share of the question's concepts this section matches, 0..1 */
  coverage: number;
}

export interface SearchResult {
  query: string;
  words: Word[];
  terms: QueryTerm[];
  hits: Hit[];
}
