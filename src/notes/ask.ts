import { noteKey, type Section } from '../corpus/types.js';
import { type Lang, t } from '../i18n.js';
import { COLORS, type Embed, LIMITS, type Reply, truncate } from '../reply.js';
import { normalize } from '../search/analyze.js';
import { type Hit, search, type SearchIndex, type SearchResult, termIdf } from '../search/engine.js';
import { expand, spellingWords } from '../search/glossary.js';
import type { Library } from '../search/library.js';
import { sectionUrl } from '../search/library.js';
import { cleanInput, hasWords } from '../text.js';
import { keyMarker } from './highlight.js';
import { answers, evidence } from './decide.js';
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
    (h) => noteKey(h.section) === noteKey(best.section) && h !== best && h.score >= BODY_OVER_SUMMARY * best.score,
  );
  return body ? [body, ...hits.filter((h) => h !== body)] : hits;
}

/** The best section of each note, best first. */
function onePerNote(hits: Hit[], count: number): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(noteKey(h.section)) && seen.add(noteKey(h.section))).slice(0, count);
}

const HOW_TO = /어떻게|방법|명령|하려면|how|command|명령어/i;
/** The question asks for a number: how long, how many, a default or a limit. */
const ASKS_QUANTITY = /얼마|몇|기본값|최대|최소|\bhow\s+(long|many|much|often)\b|\bdefault\b|\blimit\b|\bmax(imum)?\b/i;

/** The words to bold: what the question says, its stems, and the glossary's other spellings of them. */
function boldKeys(index: SearchIndex, result: SearchResult): string[] {
  const keys = result.words.flatMap((w) => [w.surface, w.key]);
  for (const { spellings } of expand(index.glossary, result.words)) {
    for (const spelling of spellings) {
      for (const w of spellingWords(index.glossary, spelling)) keys.push(w.surface, w.key);
    }
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
  if (!baseUrl || /^[a-z][a-z0-9+.-]*:/i.test(image) || image.startsWith('//')) return undefined;
  const path = image.replace(/^\.?\//, '');
  const url = `${baseUrl.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** The embed image of a section: relative paths through its source's `images` base (or NOTES_BASE_URL). */
export function sectionImage(section: Section, image: string | undefined, baseUrl: string | undefined): string | undefined {
  return imageUrl(image, section.origin ? section.origin.images : baseUrl);
}

/** The footer under a section: its source's name and the note's place, then the source's license when set. */
export function sectionFooter(section: Section, lead: string, suffix = ''): string {
  const place = `${section.path}${section.anchor ? `#${section.anchor}` : ''}`;
  const from = `${section.origin ? `${section.origin.name} · ${place}` : place}${suffix}`;
  return [lead ? `${lead}: ${from}` : from, section.origin?.license].filter(Boolean).join('\n');
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
    { howTo: HOW_TO.test(question), quantity: ASKS_QUANTITY.test(question) },
  );
  const embed: Embed = {
    title: truncate(sectionLabel(best.section), LIMITS.embedTitle),
    url: sectionUrl(baseUrl, best.section),
    description: truncate(passage.text, LIMITS.embedDescription),
    color: COLORS.info,
    footer: sectionFooter(best.section, t(lang, M.source)),
    image: sectionImage(best.section, passage.image, baseUrl),
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
