import type { Section } from '../corpus/types.js';
import { type Lang, t } from '../i18n.js';
import { COLORS, type Embed, LIMITS, type Reply, truncate } from '../reply.js';
import { analyze, normalize } from '../search/analyze.js';
import { type Hit, search, type SearchIndex, type SearchResult, termIdf } from '../search/engine.js';
import { expand, spellingWords } from '../search/glossary.js';
import type { Library } from '../search/library.js';
import { sectionUrl } from '../search/library.js';
import { cleanInput, hasWords } from '../text.js';
import { keyMarker } from './highlight.js';
import { escapeMarkdown } from './markdown.js';
import { M } from './messages.js';
import { passageOf, type WeightedTerm } from './passage.js';
import { closeTitles, sectionLabel } from './topics.js';

/** /ask as plain functions: search, decide whether the notes answer, pick the passage, render the reply. */

export const MAX_QUESTION = 500;

export interface AskResult {
  /** false exactly when the reply says the notes hold no answer (or the question was empty or too long) */
  answered: boolean;
  section?: Section;
  reply: Reply;
}

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
  /** how many of the matched words are glossary concepts: what the notes are about */
  glossaryMatched: number;
  /** words that look like content (nouns, names) and that neither the corpus nor the glossary has */
  unknownContent: number;
}

/** Last syllables of verb and adjective forms and casual endings (떴어요, 뭐임, 다름, 되나): not content. */
const ENDING_SYLLABLE = /[요임야음다지냐니죠게고서면까래네데함됨짐듯해돼봐줘워와써나랑던든하가름]$/;
/** Question words and chat that the analyzer keeps as words but that say nothing about a topic. */
const CHAT = /^(뭐|머|뭔|왜|누구|어케|어떻|애|거|걍|진짜|정확히|혹시|보통|그냥|pick|good|would|mean|means|need|want|work|works|happen)/;

/** A word the notes do not have is evidence of another topic only when it looks like a noun or a name. */
function looksLikeContent(surface: string, key: string): boolean {
  if (CHAT.test(key)) return false;
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
  const has = (term: string) => index.termIds.has(term);
  const seen = new Set<string>();
  let all = 0;
  let got = 0;
  let known = 0;
  let matched = 0;
  let glossaryMatched = 0;
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
    known++;
    if (!hitIt) return;
    matched++;
    if (expansions.length > 0 || index.glossary.byKey.has(word.key)) glossaryMatched++;
  });
  return {
    coverage: all > 0 ? got / all : 0,
    known,
    matched,
    words: result.words.length,
    glossaryMatched,
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
  const story = e.matched >= d.storyMatched && e.glossaryMatched >= 2;
  if (e.matched === 0 || (e.coverage < d.minCoverage && !story)) return false;
  if (e.unknownContent > d.maxUnknownPerMatched * e.matched) return false;
  return e.glossaryMatched > 0 || (e.matched >= 2 && e.coverage >= d.minCoverageWithoutConcept);
}

/** How many sections (several per note) are weighed before the best one is chosen. */
const CANDIDATES = 12;
/** How much a section whose heading is about the asked concept is lifted for "what is X". */
const DEFINITION_BOOST = 1;

/** "X가 뭐야", "X란?", "what is X": the question asks what something is. */
const DEFINITIONAL =
  /뭐야|뭐임|뭐예요|뭐에요|뭔가요|뭔데|뭐지|무엇|뭘까|이란|란\s*[?？]?$|란 뭐|정의|개념|\bwhat\s+(is|are)\b|\bwhat's\b|\bdefine\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a heading is about the concept itself: it starts with one of its spellings followed by a
 * particle, a parenthesis or nothing (파드(Pod)는 …, 인그레스란?, Pods), not by another noun
 * (파드 단계, 파드 IP: a part of it).
 */
export function headingIsAbout(heading: string, spellings: string[]): boolean {
  const text = normalize(heading).replace(/^\s*\[[^\]]*\]\s*/, '').replace(/^what (is|are) (an? |the )?/, '');
  return spellings.some((spelling) =>
    new RegExp(
      `^${escapeRegExp(spelling)}(?:\\s*\\([^)]*\\))?(?:은|는|이|가|란|이란|에는|에서|와|과|을|를|도|\\s*[:?？]|\\s*$)`,
    ).test(text),
  );
}

/** For "what is X", sections whose heading is about X come before sections that only mention X often. */
function preferDefinitions(index: SearchIndex, question: string, result: SearchResult): Hit[] {
  const topical = result.words.filter((w) => !w.intent);
  if (!DEFINITIONAL.test(question) || topical.length === 0 || topical.length > 2) return result.hits;
  const spellings = topical.flatMap((w) => [w.surface, w.key]);
  for (const { spellings: other } of expand(index.glossary, topical)) {
    spellings.push(...other.map((o) => normalize(o)));
  }
  const lifted = result.hits.map((hit) => {
    const { heading, noteTitle } = hit.section;
    const about =
      headingIsAbout(heading, spellings) || (heading === noteTitle && headingIsAbout(noteTitle, spellings));
    return about ? { ...hit, score: hit.score * (1 + DEFINITION_BOOST) } : hit;
  });
  return lifted.sort((a, b) => b.score - a.score);
}

/** How close a section of the same note must score to be shown instead of the note's summary. */
const BODY_OVER_SUMMARY = 0.5;

/**
 * A note's opening (its description, before the first heading) names what the note covers; a
 * section of the same note that scores nearly as well is what answers, so it is shown instead.
 */
function preferBody(hits: Hit[]): Hit[] {
  const [best] = hits;
  if (!best || best.section.heading !== best.section.noteTitle) return hits;
  const body = hits.find(
    (h) => h.section.path === best.section.path && h !== best && h.score >= BODY_OVER_SUMMARY * best.score,
  );
  return body ? [body, ...hits.filter((h) => h !== body)] : hits;
}

/** The best section of each note, best first. */
function onePerNote(hits: Hit[], count: number): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.section.path) && seen.add(h.section.path)).slice(0, count);
}

const HOW_TO = /어떻게|방법|명령|하려면|how|command|명령어/i;

/** The words to bold: what the question says, its stems, and the glossary's other spellings of them. */
function boldKeys(index: SearchIndex, result: SearchResult): string[] {
  const keys = result.words.flatMap((w) => [w.surface, w.key]);
  for (const { spellings } of expand(index.glossary, result.words)) {
    for (const spelling of spellings) for (const w of spellingWords(index.glossary, spelling)) keys.push(w.surface, w.key);
  }
  return keys;
}

function weightedTerms(index: SearchIndex, result: SearchResult): WeightedTerm[] {
  return result.terms.map((t) => ({ term: t.term, group: t.group, weight: t.weight * termIdf(index, t.term) }));
}

/** Forms the embed image's address: absolute http(s) as written, a relative path under the notes' base URL. */
export function imageUrl(image: string | undefined, baseUrl: string | undefined): string | undefined {
  if (!image) return undefined;
  if (/^https?:\/\//i.test(image)) return image;
  if (!baseUrl || /^[a-z][a-z0-9+.-]*:/i.test(image)) return undefined;
  const path = image.replace(/^\.?\//, '');
  return `${baseUrl.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function noAnswer(library: Library, question: string, lang: Lang): AskResult {
  const titles = closeTitles(library, question, 3);
  const embed: Embed = {
    title: truncate(t(lang, M.noMatch, { q: truncate(question, 60) }), LIMITS.embedTitle),
    description: t(lang, M.tryOther),
    color: COLORS.warning,
    fields: titles.length
      ? [{ name: t(lang, M.suggestions), value: titles.map((s) => `• ${escapeMarkdown(s)}`).join('\n') }]
      : [],
  };
  return { answered: false, reply: { content: `> ${escapeMarkdown(truncate(question, 100))}`, embeds: [embed] } };
}

/**
 * The answer to /ask: the passage of the best section that answers, up to three more sections,
 * or a clear "no match".
 */
export function answerQuestion(library: Library, rawQuestion: string, lang: Lang, baseUrl?: string): AskResult {
  const question = cleanInput(rawQuestion);
  if (question.length > MAX_QUESTION) {
    return {
      answered: false,
      reply: { content: t(lang, M.tooLong, { length: question.length, max: MAX_QUESTION }), ephemeral: true },
    };
  }
  if (!hasWords(question)) return { answered: false, reply: { content: t(lang, M.empty), ephemeral: true } };

  const index = library.index;
  const result = search(index, question, CANDIDATES, CANDIDATES);
  const [best, ...rest] = onePerNote(preferBody(preferDefinitions(index, question, result)), 4);
  if (!best || !answers(evidence(index, result, best))) return noAnswer(library, question, lang);

  const passage = passageOf(
    best.section,
    weightedTerms(index, result),
    keyMarker(boldKeys(index, result)),
    HOW_TO.test(question),
  );
  const embed: Embed = {
    title: truncate(sectionLabel(best.section), LIMITS.embedTitle),
    url: sectionUrl(baseUrl, best.section),
    description: truncate(passage.text, LIMITS.embedDescription),
    color: COLORS.info,
    footer: `${t(lang, M.source)}: ${best.section.path}${best.section.anchor ? `#${best.section.anchor}` : ''}`,
    image: imageUrl(passage.image, baseUrl),
    fields: [],
  };
  const related = rest.filter((h) => h.coverage >= 0.25).slice(0, 3);
  if (related.length > 0) {
    embed.fields?.push({
      name: t(lang, M.more),
      value: truncate(
        related
          .map((h) => {
            const url = sectionUrl(baseUrl, h.section);
            const label = escapeMarkdown(truncate(sectionLabel(h.section), 90));
            return url ? `• [${label}](${url})` : `• ${label}`;
          })
          .join('\n'),
        LIMITS.fieldValue,
      ),
    });
  }
  return {
    answered: true,
    section: best.section,
    reply: {
      content: `> ${escapeMarkdown(truncate(question, 100))}`,
      embeds: [embed],
      buttons: [[{ id: `note:open:${best.section.id}`, label: t(lang, M.open), style: 'secondary' }]],
    },
  };
}
