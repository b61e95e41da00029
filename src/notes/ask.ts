import type { Section } from '../corpus/types.js';
import { type Lang, t } from '../i18n.js';
import { COLORS, type Embed, LIMITS, type Reply, truncate } from '../reply.js';
import { analyzeWords } from '../search/analyze.js';
import { type Hit, search, type SearchIndex, type SearchResult, termIdf } from '../search/engine.js';
import { expand } from '../search/glossary.js';
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
  /** summed idf of the question's words the best section holds */
  matchedIdf: number;
  /** how many of the question's words the corpus has at all */
  known: number;
  /** how many words the question has (filler removed) */
  words: number;
  /** how many of the matched words are glossary terms (a concept the notes are about) */
  glossaryMatched: number;
}

/** Thresholds of the decision, chosen by the sweep in bench/ask-sweep.ts (table in docs/ask.md). */
export const DECISION = { minCoverage: 0.5, minMatchedIdf: 3 };

/** Words the corpus does not have say nothing about whether it answers ("뭐예요", "떴어요"): they are left out. */
export function evidence(index: SearchIndex, result: SearchResult, hit: Hit | undefined): Evidence {
  const groups = new Map<number, { idf: number; matched: boolean; glossary: boolean }>();
  const matched = new Set(hit?.matched ?? []);
  for (const term of result.terms) {
    const idf = termIdf(index, term.term);
    if (!index.termIds.has(term.term)) continue;
    const group = groups.get(term.group) ?? { idf: 0, matched: false, glossary: false };
    group.idf = Math.max(group.idf, idf * term.weight);
    if (term.unit > 0) group.glossary = true;
    if (matched.has(term.term)) group.matched = true;
    groups.set(term.group, group);
  }
  let all = 0;
  let got = 0;
  let glossaryMatched = 0;
  for (const g of groups.values()) {
    all += g.idf;
    if (g.matched) got += g.idf;
    if (g.matched && g.glossary) glossaryMatched++;
  }
  return { coverage: all > 0 ? got / all : 0, matchedIdf: got, known: groups.size, words: result.words.length, glossaryMatched };
}

export function answers(e: Evidence): boolean {
  return e.known > 0 && e.coverage >= DECISION.minCoverage && e.matchedIdf >= DECISION.minMatchedIdf;
}

const HOW_TO = /어떻게|방법|명령|하려면|how|command|명령어/i;

/** The words to bold: what the question says, its stems, and the glossary's other spellings of them. */
function boldKeys(index: SearchIndex, result: SearchResult): string[] {
  const keys = result.words.flatMap((w) => [w.surface, w.key]);
  for (const { spellings } of expand(index.glossary, result.words)) {
    for (const spelling of spellings) for (const w of analyzeWords(spelling)) keys.push(w.surface, w.key);
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
    fields: titles.length ? [{ name: t(lang, M.suggestions), value: titles.map((s) => `• ${escapeMarkdown(s)}`).join('\n') }] : [],
  };
  return { answered: false, reply: { content: `> ${escapeMarkdown(truncate(question, 100))}`, embeds: [embed] } };
}

/** The answer to /ask: the passage of the best section that answers, up to three more sections, or a clear "no match". */
export function answerQuestion(library: Library, rawQuestion: string, lang: Lang, baseUrl?: string): AskResult {
  const question = cleanInput(rawQuestion);
  if (question.length > MAX_QUESTION) {
    return { answered: false, reply: { content: t(lang, M.tooLong, { length: question.length, max: MAX_QUESTION }), ephemeral: true } };
  }
  if (!hasWords(question)) return { answered: false, reply: { content: t(lang, M.empty), ephemeral: true } };

  const index = library.index;
  const result = search(index, question, 4);
  const [best, ...rest] = result.hits;
  if (!best || !answers(evidence(index, result, best))) return noAnswer(library, question, lang);

  const passage = passageOf(best.section, weightedTerms(index, result), keyMarker(boldKeys(index, result)), HOW_TO.test(question));
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
