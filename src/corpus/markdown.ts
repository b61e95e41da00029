import type { Section } from './types.js';

/*
 * Markdown to sections. Deliberately line-based rather than a Markdown parser:
 * search only needs headings, fences and plain text, Hugo shortcodes and
 * kramdown attribute lines are not Markdown (parsers pass them through as
 * text), and this keeps indexing the 2,100-page docs corpus well under a second.
 */

/** Section headings Hugo fills in from a key (`{{% heading "whatsnext" %}}`). */
const HUGO_HEADINGS: Record<string, string> = {
  whatsnext: "What's next",
  prerequisites: 'Before you begin',
  objectives: 'Objectives',
  cleanup: 'Cleaning up',
  synopsis: 'Synopsis',
  options: 'Options',
  seealso: 'See also',
  'options-inherited': 'Options inherited from parent commands',
};

/** Hugo shortcodes as a reader sees them: glossary tooltips keep their text, headings their title, others vanish. */
export function resolveShortcodes(line: string): string {
  if (!line.includes('{{')) return line;
  return line
    .replace(/\{\{[<%]\s*glossary_tooltip\b([^>%]*)[>%]\}\}/g, (_m, attrs: string) => {
      const text = /text="([^"]*)"/.exec(attrs)?.[1];
      const term = /term_id="([^"]*)"/.exec(attrs)?.[1];
      return text ?? term?.replace(/[-_]/g, ' ') ?? '';
    })
    .replace(/\{\{[<%]\s*heading\s+"([^"]+)"\s*[>%]\}\}/g, (_m, key: string) => HUGO_HEADINGS[key] ?? key)
    .replace(/\{\{[<%][^}]*[>%]\}\}/g, ' ');
}

/** Characters markup removal must not touch inside a code span, swapped for private-use stand-ins meanwhile. */
const CODE_CHARS: [string, string][] = [
  ['<', '\ue000'],
  ['>', '\ue001'],
  ['*', '\ue002'],
  ['_', '\ue003'],
];

function protectCode(span: string): string {
  return CODE_CHARS.reduce((text, [char, standIn]) => text.replaceAll(char, standIn), span);
}

function restoreCode(text: string): string {
  return CODE_CHARS.reduce((out, [char, standIn]) => out.replaceAll(standIn, char), text);
}

/** Removes inline markup, keeping the words a reader sees (code spans such as `<pending>` kept whole). */
export function inlineToText(line: string): string {
  return restoreCode(
    resolveShortcodes(line)
      .replace(/`[^`]*`/g, protectCode)
      // images keep their alt text, links their label
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=$|[\s).,!?:;])/g, '$1$2')
      .replace(/^\s{0,3}>\s?/, '')
      .replace(/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/, '')
      .replace(/\s*\|\s*/g, ' | ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\{:[^}]*\}/g, '')
      .replace(/[ \t]+/g, ' ')
      .trim()
  );
}

/** GitHub/kramdown-style anchor: lowercase, punctuation dropped, spaces to hyphens, Hangul kept. */
export function slugify(heading: string): string {
  return heading
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** FNV-1a, base 36: short, stable ids for sections (used in custom ids and autocomplete values). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const KRAMDOWN_ATTRIBUTE = /^\s*\{:.*\}\s*$/;
const CUSTOM_ID = /\s*\{#([\w-]+)\}\s*$/;

interface Draft {
  heading: string;
  headingPath: string[];
  anchor: string;
  text: string[];
  code: string[];
  /** the section's Markdown as written (shortcodes resolved), for display */
  markdown: string[];
}

/** Splits a note body into sections at headings. `intro` names the text before the first heading. */
export function splitSections(path: string, noteTitle: string, body: string, intro = ''): { sections: Section[]; headings: string[] } {
  const lines = body.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  const drafts: Draft[] = [];
  const headings: string[] = [];
  const stack: { level: number; text: string }[] = [];
  const anchors = new Map<string, number>();
  let current: Draft = {
    heading: noteTitle,
    headingPath: [],
    anchor: '',
    text: intro ? [intro] : [],
    code: [],
    markdown: intro ? [intro, ''] : [],
  };
  drafts.push(current);
  let fence: string | null = null;

  for (const line of lines) {
    if (fence) {
      current.markdown.push(line);
      if (line.trim().startsWith(fence)) fence = null;
      else current.code.push(line);
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1] ?? '```';
      current.markdown.push(line);
      continue;
    }
    if (KRAMDOWN_ATTRIBUTE.test(line)) continue;
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      let raw = heading[2] ?? '';
      const custom = CUSTOM_ID.exec(raw);
      if (custom) raw = raw.slice(0, custom.index);
      const text = inlineToText(raw);
      if (!text) continue;
      headings.push(text);
      while (stack.length && (stack.at(-1)?.level ?? 0) >= level) stack.pop();
      stack.push({ level, text });
      let anchor = custom?.[1] ?? slugify(text);
      const seen = anchors.get(anchor) ?? 0;
      anchors.set(anchor, seen + 1);
      if (seen > 0) anchor = `${anchor}-${seen}`;
      current = { heading: text, headingPath: stack.map((s) => s.text), anchor, text: [], code: [], markdown: [] };
      drafts.push(current);
      continue;
    }
    const text = inlineToText(line);
    if (text) current.text.push(text);
    current.markdown.push(resolveShortcodes(line).replace(/\{:[^}]*\}/g, ''));
  }

  const sections = drafts
    .filter((d) => d.text.length > 0 || d.code.length > 0)
    .map((d) => ({
      id: shortHash(`${path}#${d.anchor}`),
      path,
      noteTitle,
      heading: d.heading,
      headingPath: d.headingPath,
      anchor: d.anchor,
      text: d.text.join('\n'),
      code: d.code.join('\n').trim(),
      markdown: d.markdown.join('\n').trim(),
    }));
  return { sections, headings };
}
