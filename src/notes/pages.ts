import type { Section } from '../corpus/types.js';
import { type Lang, t } from '../i18n.js';
import { COLORS, type Embed, LIMITS, type Reply, truncate } from '../reply.js';
import { sectionUrl } from '../search/library.js';
import { sectionFooter, sectionImage } from './ask.js';
import { parsedSection, renderSection } from './markdown.js';
import { firstImage } from './passage.js';
import { M } from './messages.js';
import { sectionLabel } from './topics.js';
import { cleanInput } from '../text.js';
import { escapeMarkdown } from './markdown.js';

/** /note: a whole section as the note wrote it, in pages that fit an embed. */

const PAGE_CHARS = 1800;

/** Splits text into pages at line (or, for huge lines, character) boundaries. */
export function paginate(text: string, size = PAGE_CHARS): string[] {
  const pages: string[] = [];
  let page = '';
  for (const line of text.split('\n')) {
    const pieces = line.length > size ? (line.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? []) : [line];
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

/** A fenced code block too long for a page becomes several fenced blocks, so every page renders as code. */
function splitFence(block: string, size: number): string[] {
  const match = /^(```[^\n]*)\n([\s\S]*)\n```$/.exec(block);
  if (!match) return paginate(block, size);
  const [, open = '```', body = ''] = match;
  return paginate(body, size - open.length - 8).map((chunk) => `${open}\n${chunk}\n\`\`\``);
}

/** The section's blocks packed into pages; a block is split only when it alone is bigger than a page. */
export function sectionPages(section: Section, size = PAGE_CHARS): string[] {
  const blocks = renderSection(parsedSection(section)).flatMap((b) => (b.length > size ? splitFence(b, size) : [b]));
  const pages: string[] = [];
  let page = '';
  for (const block of blocks) {
    if (page && page.length + block.length + 2 > size) {
      pages.push(page);
      page = '';
    }
    page = page ? `${page}\n\n${block}` : block;
  }
  if (page) pages.push(page);
  return pages.length ? pages : [''];
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
    footer: sectionFooter(section, '', pages.length > 1 ? ` · ${t(lang, M.page, { n: n + 1, total: pages.length })}` : ''),
    image: sectionImage(section, firstImage(section.markdown), baseUrl),
  };
  const buttons =
    pages.length > 1
      ? [
          [
            {
              id: `note:page:${section.id}:${n - 1}`,
              label: t(lang, M.prev),
              style: 'secondary' as const,
              disabled: n === 0,
            },
            {
              id: `note:page:${section.id}:${n + 1}`,
              label: t(lang, M.next),
              style: 'secondary' as const,
              disabled: n >= pages.length - 1,
            },
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
