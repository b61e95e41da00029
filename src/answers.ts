import { getChoseong, convertQwertyToHangul } from 'es-hangul';
import type { Section } from './corpus/types.js';
import type { Choice } from './command.js';
import { type Lang, t } from './i18n.js';
import { COLORS, type Embed, LIMITS, type Reply, truncate } from './reply.js';
import { normalize } from './search/analyze.js';
import type { Library } from './search/library.js';
import { sectionUrl } from './search/library.js';
import { search } from './search/engine.js';
import { escapeMarkdown, snippet } from './search/snippet.js';
import { cleanInput, hasWords } from './text.js';

/** Plain functions behind /ask and /note: library and words in, reply model out. */

export const MAX_QUESTION = 500;
/** below this share of the question's concepts, the best section is not a real answer */
const WEAK_COVERAGE = 0.5;
const PAGE_CHARS = 1800;

const M = {
  empty: {
    ko: '질문을 적어 주세요. 예: `/ask 파드와 컨테이너의 차이`',
    en: 'Please type a question, for example `/ask what is a Pod`.',
  },
  tooLong: {
    ko: '질문이 너무 길어요 ({length}자). {max}자 이내로 핵심만 물어봐 주세요.',
    en: 'That question is too long ({length} characters). Please keep it under {max}.',
  },
  noMatch: {
    ko: '노트에서 「{q}」에 잘 맞는 내용을 찾지 못했어요.',
    en: 'I could not find a good match for “{q}” in the notes.',
  },
  suggestions: { ko: '이런 노트는 어때요?', en: 'Maybe one of these notes?' },
  tryOther: { ko: '다른 낱말(한국어 또는 영어)로 다시 물어보세요.', en: 'Try other words, in Korean or English.' },
  more: { ko: '관련 내용 더 보기', en: 'More related sections' },
  open: { ko: '전체 보기', en: 'Read section' },
  source: { ko: '출처', en: 'Source' },
  notFound: {
    ko: '「{q}」 노트를 찾지 못했어요. 입력하면서 나오는 목록에서 골라 주세요.',
    en: 'No note matches “{q}”. Pick one from the suggestions as you type.',
  },
  page: { ko: '{n}/{total}쪽', en: 'page {n}/{total}' },
  prev: { ko: '◀ 이전', en: '◀ Prev' },
  next: { ko: '다음 ▶', en: 'Next ▶' },
  expired: { ko: '이 노트는 다시 불러오는 사이에 바뀌었어요. `/note`로 다시 찾아 주세요.', en: 'That note changed after a reload. Please look it up again with `/note`.' },
};

export function sectionLabel(section: Section): string {
  return section.heading === section.noteTitle ? section.noteTitle : `${section.noteTitle} › ${section.heading}`;
}

/** The answer to /ask: the best section with a snippet, up to three more, or a clear "no match" with suggestions. */
export function answerQuestion(library: Library, rawQuestion: string, lang: Lang, baseUrl?: string): Reply {
  const question = cleanInput(rawQuestion);
  if (question.length > MAX_QUESTION) {
    return { content: t(lang, M.tooLong, { length: question.length, max: MAX_QUESTION }), ephemeral: true };
  }
  if (!hasWords(question)) return { content: t(lang, M.empty), ephemeral: true };

  const result = search(library.index, question, 4);
  const [best, ...rest] = result.hits;
  const shown = escapeMarkdown(truncate(question, 100));
  if (!best || best.coverage < WEAK_COVERAGE) {
    const titles = closeTitles(library, question, 3);
    const embed: Embed = {
      title: truncate(t(lang, M.noMatch, { q: truncate(question, 60) }), LIMITS.embedTitle),
      description: t(lang, M.tryOther),
      color: COLORS.warning,
      fields: titles.length ? [{ name: t(lang, M.suggestions), value: titles.map((s) => `• ${escapeMarkdown(s)}`).join('\n') }] : [],
    };
    return { content: `> ${shown}`, embeds: [embed] };
  }
  const surfaces = [...result.words.map((w) => w.surface), ...result.words.map((w) => w.key)];
  const embed: Embed = {
    title: truncate(sectionLabel(best.section), LIMITS.embedTitle),
    url: sectionUrl(baseUrl, best.section),
    description: truncate(snippet(best.section.text || best.section.code, surfaces, 600), LIMITS.embedDescription),
    color: COLORS.info,
    footer: `${t(lang, M.source)}: ${best.section.path}${best.section.anchor ? `#${best.section.anchor}` : ''}`,
    fields: [],
  };
  const related = rest.filter((h) => h.coverage >= WEAK_COVERAGE / 2).slice(0, 3);
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
    content: `> ${shown}`,
    embeds: [embed],
    buttons: [[{ id: `note:open:${best.section.id}`, label: t(lang, M.open), style: 'secondary' }]],
  };
}

function bigramSet(text: string): Set<string> {
  const s = normalize(text).replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Note titles closest to the text by shared character pairs (Dice), for "did you mean". */
export function closeTitles(library: Library, text: string, count: number): string[] {
  const wanted = bigramSet(text);
  return library.corpus.notes
    .map((note) => {
      const have = bigramSet(note.title);
      let common = 0;
      for (const b of have) if (wanted.has(b)) common++;
      return { title: note.title, score: (2 * common) / (have.size + wanted.size || 1) };
    })
    .filter((n) => n.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map((n) => n.title);
}

interface Candidate {
  section: Section;
  label: string;
  plain: string;
  initials: string;
}

const candidateCache = new WeakMap<Library, Candidate[]>();

function candidates(library: Library): Candidate[] {
  let list = candidateCache.get(library);
  if (!list) {
    list = library.corpus.sections.map((section) => {
      const label = sectionLabel(section);
      return { section, label, plain: normalize(label).replace(/\s+/g, ''), initials: getChoseong(label).replace(/\s+/g, '') };
    });
    candidateCache.set(library, list);
  }
  return list;
}

/**
 * Autocomplete over note titles and headings: plain text, Korean initials
 * (ㅋㅂㄴㅌㅅ -> 쿠버네티스) and text typed on the wrong keyboard layout (zjsxpdlsj -> 컨테이너).
 */
export function suggestTopics(library: Library, typed: string): Choice[] {
  const typedClean = cleanInput(typed).toLowerCase().replace(/\s+/g, '');
  // NFKC would turn the initials ㅋㅂㄴ into conjoining jamo, so they are matched before normalising
  const initialsOnly = /^[ㄱ-ㅎ]+$/.test(typedClean);
  const query = initialsOnly ? typedClean : normalize(typedClean);
  const list = candidates(library);
  if (!query) {
    return list
      .filter((c) => c.section.heading === c.section.noteTitle)
      .slice(0, LIMITS.choices)
      .map((c) => ({ name: truncate(c.label, LIMITS.choiceName), value: c.section.id }));
  }
  const hangulFromQwerty = /^[a-z]+$/.test(query) ? convertQwertyToHangul(query) : '';
  const scored: { c: Candidate; score: number }[] = [];
  for (const c of list) {
    let score = 0;
    if (c.plain.startsWith(query)) score = 4;
    else if (c.plain.includes(query)) score = 3;
    else if (initialsOnly && c.initials.includes(query)) score = 2;
    else if (hangulFromQwerty && /[가-힣]/.test(hangulFromQwerty) && c.plain.includes(hangulFromQwerty)) score = 2;
    if (score > 0) scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || a.c.label.length - b.c.label.length);
  return scored.slice(0, LIMITS.choices).map(({ c }) => ({ name: truncate(c.label, LIMITS.choiceName), value: c.section.id }));
}

/** Finds the section for a /note value: an id picked from autocomplete, or free text. */
export function findSection(library: Library, value: string): Section | undefined {
  const byId = library.byId.get(value.trim());
  if (byId) return byId;
  const text = cleanInput(value);
  if (!hasWords(text)) return undefined;
  const picked = suggestTopics(library, text)[0];
  if (picked) return library.byId.get(picked.value);
  const hit = search(library.index, text, 1).hits[0];
  return hit && hit.coverage >= WEAK_COVERAGE ? hit.section : undefined;
}

/** Splits a section into pages at paragraph (or, for huge paragraphs, sentence) boundaries. */
export function paginate(text: string, size = PAGE_CHARS): string[] {
  const pages: string[] = [];
  let page = '';
  for (const paragraph of text.split('\n')) {
    const pieces = paragraph.length > size ? (paragraph.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? []) : [paragraph];
    for (const piece of pieces) {
      if (page && page.length + piece.length + 1 > size) {
        pages.push(page);
        page = '';
      }
      page = page ? `${page}\n${piece}` : piece;
    }
  }
  if (page) pages.push(page);
  return pages.length ? pages : [''];
}

function sectionPages(section: Section): string[] {
  const code = section.code ? `\n\`\`\`\n${section.code.replace(/```/g, 'ˋˋˋ')}\n\`\`\`` : '';
  const body = escapeMarkdown(section.text);
  const pages = paginate(body);
  if (code) {
    if ((pages.at(-1)?.length ?? 0) + code.length <= PAGE_CHARS * 2) pages[pages.length - 1] += code;
    else pages.push(...paginate(code, LIMITS.embedDescription - 10));
  }
  return pages;
}

/** One page of a section as an embed, with page buttons when it does not fit in one. */
export function showSection(section: Section, page: number, lang: Lang, baseUrl?: string, ephemeral = false): Reply {
  const pages = sectionPages(section);
  const n = Math.min(Math.max(0, page), pages.length - 1);
  const embed: Embed = {
    title: truncate(sectionLabel(section), LIMITS.embedTitle),
    url: sectionUrl(baseUrl, section),
    description: truncate(pages[n] ?? '', LIMITS.embedDescription),
    color: COLORS.info,
    footer: `${section.path}${pages.length > 1 ? ` · ${t(lang, M.page, { n: n + 1, total: pages.length })}` : ''}`,
  };
  const buttons =
    pages.length > 1
      ? [
          [
            { id: `note:page:${section.id}:${n - 1}`, label: t(lang, M.prev), style: 'secondary' as const, disabled: n === 0 },
            { id: `note:page:${section.id}:${n + 1}`, label: t(lang, M.next), style: 'secondary' as const, disabled: n >= pages.length - 1 },
          ],
        ]
      : undefined;
  return { embeds: [embed], buttons, ephemeral };
}

export function noteNotFound(value: string, lang: Lang): Reply {
  return { content: t(lang, M.notFound, { q: escapeMarkdown(truncate(cleanInput(value), 60)) }), ephemeral: true };
}

export function noteExpired(lang: Lang): Reply {
  return { content: t(lang, M.expired), ephemeral: true };
}
