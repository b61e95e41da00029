import type { Section } from '../corpus/types.js';
import { analyze } from '../search/analyze.js';
import { type Hit, type SearchIndex, type SearchResult, termIdf } from '../search/engine.js';
import { hasTerm } from '../search/postings.js';
import { FORMS_UNIT } from '../search/query.js';

/*
 * Whether the notes hold an answer: decided from evidence that generalises (the question's words the
 * corpus knows, the Kubernetes concepts among them, content words the notes never use), not from
 * the share of the question's words found. Thresholds and their sweep: docs/ask.md.
 */

/** What the decision rests on; exported so the evaluation sweep can print it. */
export interface Evidence {
  /** idf-weighted share of the question's known words (those the corpus has) that the best section holds */
  coverage: number;
  /** how many of the question's words (two letters or more, not a bare number) the corpus or glossary has */
  known: number;
  /** how many of those the best section holds */
  matched: number;
  /** how many words the question has (filler removed) */
  words: number;
  /**
   * how many of the matched words are glossary concepts or technical identifiers (hostUsers, convert2rhel,
   * kube-proxy): what the notes are about; an identifier the notes use is as specific as a concept
   */
  conceptsMatched: number;
  /** words that look like content (nouns, names) and that neither the corpus nor the glossary has */
  unknownContent: number;
}

/** Last syllables of verb and adjective forms and casual endings (떴어요, 뭐임, 다름, 되나): not content. */
const ENDING_SYLLABLE = /[요임야음다지냐니죠게고서면까래네데함됨짐듯해돼봐줘워와써나랑던든하가름]$/;
/** Question words and chat that the analyzer keeps as words but that say nothing about a topic. */
const CHAT =
  /^(뭐|머|뭔|왜|누구|어케|어떻|애|거|걍|진짜|정확히|혹시|보통|그냥|pick|good|would|mean|means|need|want|work|works|happen)/;

/**
 * English words that only join a sentence together (each other, through, also) or say what happens to
 * the topic (talk, make, go): the analyzer keeps them, but they are no evidence of another topic.
 */
const ENGLISH_GLUE = new Set(
  (
    'each other another every both either neither all any some such same own too more most much many ' +
    'through into onto over under after before during without within across around via per upon since until while ' +
    'whether than also just only very really still even ever never always already yet again instead ' +
    'talk talks say says tell make makes take takes keep keeps give gives go goes going come comes know see look ' +
    'find put let seem become'
  ).split(' '),
);

/** A word the notes do not have is evidence of another topic only when it looks like a noun or a name. */
function looksLikeContent(surface: string, key: string): boolean {
  if (CHAT.test(key) || ENGLISH_GLUE.has(key)) return false;
  if (/^[\uac00-\ud7a3]+$/.test(key)) {
    return key.length >= 2 && !ENDING_SYLLABLE.test(key) && !ENDING_SYLLABLE.test(surface);
  }
  return /^[a-z][a-z0-9+.#-]{2,}$/.test(key);
}

/**
 * Thresholds of the decision, chosen by the sweep in bench/ask-sweep.ts over the public and the
 * held-out question sets (the table is in docs/ask.md).
 */
export const DECISION = {
  /** share of the known words the section must hold */
  minCoverage: 0.2,
  /** the same when no glossary concept matched: the words are then ordinary ones */
  minCoverageWithoutConcept: 0.6,
  /** unknown content words allowed per matched word before the question reads as another topic */
  maxUnknownPerMatched: 1,
  /** matched words (two of them concepts) that make a long question on-topic whatever its coverage */
  storyMatched: 5,
};

/**
 * Whether the best section answers: enough of the question's known words in it, a Kubernetes concept
 * among them (or several ordinary words and most of the question), and not outweighed by content
 * words the notes never use (점심, 날씨, 파이썬). Words the corpus lacks that read as endings or
 * chat (뭐예요, 떴어요, 정확히) are left out: they are not evidence either way.
 */
export function evidence(index: SearchIndex, result: SearchResult, hit: Hit | undefined): Evidence {
  const matchedTerms = hit ? termsOf(hit.section) : new Set<string>();
  const has = (term: string) => hasTerm(index, term);
  const seen = new Set<string>();
  let all = 0;
  let got = 0;
  let known = 0;
  let matched = 0;
  let conceptsMatched = 0;
  let unknownContent = 0;
  result.words.forEach((word, group) => {
    if (seen.has(word.key) || word.intent) return;
    seen.add(word.key);
    const expansions = result.terms.filter((t) => t.group === group && t.unit > 0 && has(t.term));
    const parts = word.terms.filter((t) => t !== word.key);
    // a compound the notes write with a space (노드셀렉터) is known when all its syllable pairs are
    const compound = word.korean && !has(word.key) && parts.length > 1 && parts.every(has);
    if (!has(word.key) && expansions.length === 0 && !compound) {
      if (looksLikeContent(word.surface, word.key)) unknownContent++;
      return;
    }
    const weight = word.typoOf ? index.options.typoWeight : 1;
    const idf = Math.max(
      has(word.key) ? termIdf(index, word.key) * weight : 0,
      ...expansions.map((t) => termIdf(index, t.term) * t.weight),
      ...(compound ? parts.map((t) => termIdf(index, t)) : []),
    );
    const hitIt =
      matchedTerms.has(word.key) ||
      expansions.some((t) => matchedTerms.has(t.term)) ||
      (compound && parts.filter((t) => matchedTerms.has(t)).length * 2 >= parts.length);
    all += idf;
    if (hitIt) got += idf;
    if (word.key.length < 2 || /^\d+$/.test(word.key)) return;
    const concept = word.identifier || expansions.some((t) => t.concept) || index.glossary.conceptKeys.has(word.key);
    // a word read as the closest one the notes have (center -> enter), or known only through another form of
    // it (vertically -> vertical), is a guess: it can stand for a concept, but as an ordinary word it is no
    // evidence that the question is about the notes
    const guessed = word.typoOf || (!has(word.key) && !compound && expansions.every((t) => t.unit === FORMS_UNIT));
    if (guessed && !concept) return;
    known++;
    if (!hitIt) return;
    matched++;
    if (concept) conceptsMatched++;
  });
  return {
    coverage: all > 0 ? got / all : 0,
    known,
    matched,
    words: result.words.length,
    conceptsMatched,
    unknownContent,
  };
}

const sectionTerms = new WeakMap<Section, Set<string>>();

/** Every index term of a section (title, headings, text, code), kept per section object. */
function termsOf(section: Section): Set<string> {
  let terms = sectionTerms.get(section);
  if (!terms) {
    terms = new Set(analyze([section.noteTitle, ...section.headingPath, section.text, section.code].join('\n')));
    sectionTerms.set(section, terms);
  }
  return terms;
}

export function answers(e: Evidence, d = DECISION): boolean {
  // a long story of a broken cluster names many things; the section that helps holds only some of them
  const story = e.matched >= d.storyMatched && e.conceptsMatched >= 2;
  if (e.matched === 0 || (e.coverage < d.minCoverage && !story)) return false;
  if (e.unknownContent > d.maxUnknownPerMatched * e.matched) return false;
  return e.conceptsMatched > 0 || (e.matched >= 2 && e.coverage >= d.minCoverageWithoutConcept);
}

