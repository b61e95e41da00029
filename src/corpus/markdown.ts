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

/*
 * Every pattern applied to note text must run in linear time: a scan like `[^\]]*` stops at the
 * character that opens the next match (`[`, `<`, `{`), no two unbounded quantifiers over the same
 * characters touch, and alternatives in a loop never match the same character. Otherwise one long
 * line (`[[[[…`, `<a<a…`, spaces) takes seconds to minutes.
 */

/** Hugo shortcodes as a reader sees them: glossary tooltips keep their text, headings their title, others vanish. */
export function resolveShortcodes(line: string): string {
  if (!line.includes('{{')) return line;
  return line
    .replace(/\{\{[<%]\s*glossary_tooltip\b([^>%{}]*)[>%]\}\}/g, (_m, attrs: string) => {
      const text = /text="([^"]*)"/.exec(attrs)?.[1];
      const term = /term_id="([^"]*)"/.exec(attrs)?.[1];
      return text ?? term?.replace(/[-_]/g, ' ') ?? '';
    })
    .replace(/\{\{[<%]\s*heading\s+"([^"]+)"\s*[>%]\}\}/g, (_m, key: string) => HUGO_HEADINGS[key] ?? key)
    .replace(/\{\{[<%][^{}]*[>%]\}\}/g, ' ');
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
      // images keep their alt text, links their label; a URL may hold one level of (parentheses)
      .replace(/!\[([^[\]]*)\]\((?:[^()[\]]|\([^()[\]]*\))*\)/g, '$1')
      .replace(/\[([^[\]]*)\]\((?:[^()[\]]|\([^()[\]]*\))*\)/g, '$1')
      .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, '$1')
      .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=$|[\s).,!?:;])/g, '$1$2')
      .replace(/^\s{0,3}>\s?/, '')
      // a table's |---|:--:| rule line goes; pipes get one space around them (collapsed below)
      .replace(/^[\s|:-]+$/, (rule) => (rule.includes('|') && rule.includes('---') ? '' : rule))
      .replace(/\|/g, ' | ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\{:[^{}]*\}/g, '')
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

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const CUSTOM_ID = /\{#([\w-]+)\}\s*$/;

/**
 * Lines longer than this are not parsed as Markdown: the first part is, the rest is kept as plain
 * text, so its words are still found and no pattern ever runs over megabytes. Real notes stay far
 * below it (the longest line in the Kubernetes docs has about 10,000 characters).
 */
export const MAX_PARSED_LINE = 20_000;

function longLineToText(line: string): string {
  // cut at a space when there is one not too far back, so no word is split
  const space = line.lastIndexOf(' ', MAX_PARSED_LINE);
  const cut = space > MAX_PARSED_LINE / 2 ? space : MAX_PARSED_LINE;
  return `${inlineToText(line.slice(0, cut))} ${line.slice(cut).replace(/\s+/g, ' ').trim()}`.trim();
}

/**
 * `## Heading ##` to its level and text, or null. Hand-written: the regex it replaces
 * (`^(#{1,6})\s+(.+?)\s*#*\s*$`) took 37 s on `# a`, 5,000 spaces and `b`.
 */
function parseHeading(line: string): { level: number; raw: string } | null {
  let level = 0;
  while (line[level] === '#') level++;
  if (level < 1 || level > 6 || !/\s/.test(line[level] ?? '')) return null;
  const text = line.slice(level).trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--; // a closing sequence: `## Title ##`
  return { level, raw: text.slice(0, end).trim() };
}

/** Drops HTML comments; by hand because `<!--[\s\S]*?-->` is quadratic over many unclosed `<!--`. */
function stripComments(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    const close = open < 0 ? -1 : text.indexOf('-->', open + 4);
    if (close < 0) return out + text.slice(at);
    out += text.slice(at, open);
    at = close + 3;
  }
}

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
export function splitSections(
  path: string,
  noteTitle: string,
  body: string,
  intro = '',
): { sections: Section[]; headings: string[] } {
  const lines = stripComments(body).split(/\r?\n/);
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
    if (line.length > MAX_PARSED_LINE) {
      current.text.push(longLineToText(line)); // never a heading, fence or attribute line
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1] ?? '```';
      current.markdown.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith('{:') && trimmed.endsWith('}')) continue; // kramdown attribute line
    const heading = parseHeading(line);
    if (heading) {
      const level = heading.level;
      let raw = heading.raw;
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
    current.markdown.push(resolveShortcodes(line).replace(/\{:[^{}]*\}/g, ''));
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
