import type { Code, List, ListItem, Nodes, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';

/*
 * A note section's Markdown, parsed with a real CommonMark + GFM parser (micromark), cut into the
 * units a passage is made of (sentences, list items, table rows, code blocks) and rendered as
 * Discord Markdown: lists stay lists, code stays code, tables become lines. Indexing keeps the
 * line-based fast path in src/corpus/markdown.ts; only display goes through the parser.
 */

/** Bolds matched words in a piece of plain text and escapes the rest (see highlight.ts). */
export type Marker = (text: string) => string;

/** Escapes Discord Markdown so note text shows as written and cannot format (or break) the reply. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|>#[\]()])/g, '\\$1');
}

export const plainMarker: Marker = escapeMarkdown;

export type UnitKind = 'sentence' | 'item' | 'row' | 'code' | 'block';

/** The smallest piece of a section a passage is made of. */
export interface Unit {
  kind: UnitKind;
  /** which block (paragraph, list, table, code) it belongs to: units of one block join tightly */
  block: number;
  /** its Markdown as written */
  raw: string;
  /** the text a reader sees, for matching the question */
  plain: string;
  /** a table row's header and delimiter lines */
  header?: string;
}

const cache = new WeakMap<object, Root>();

/*
 * The GFM parts notes use (tables, ~~strike~~, task lists), built once: micromark combines its
 * extensions on every parse, and rebuilding them each time was most of the cost of a reply.
 * Footnotes and bare-URL autolinks are left out: Discord links bare URLs itself.
 */
const PARSE_OPTIONS = {
  extensions: [gfmTable(), gfmStrikethrough(), gfmTaskListItem()],
  mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown()],
};

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, PARSE_OPTIONS);
}

/** Parses once per section object (sections are immutable and replaced whole on /reload). */
export function parsedSection(section: { markdown: string }): Root {
  let root = cache.get(section);
  if (!root) {
    root = parseMarkdown(section.markdown);
    cache.set(section, root);
  }
  return root;
}

/** Visible text of a node: what a reader sees on the blog (HTML tags are not seen, their text is). */
export function visibleText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
      return stripTags(node.value);
    case 'image':
      return node.alt ?? '';
    case 'imageReference':
      return node.alt ?? '';
    case 'break':
      return '\n';
    case 'footnoteReference':
      return `[^${node.label ?? node.identifier}]`;
    case 'definition':
    case 'thematicBreak':
      return '';
    default:
      return 'children' in node
        ? (node.children as Nodes[]).map(visibleText).join(node.type === 'paragraph' ? '' : ' ')
        : '';
  }
}

/** Tags are not shown on the blog; a bounded pattern keeps this linear on text full of `<`. */
function stripTags(html: string): string {
  return html.replace(/<\/?[a-zA-Z][^<>]{0,300}>|<!--[\s\S]{0,2000}?-->/g, '');
}

function codeSpan(value: string): string {
  if (!value) return '';
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function safeUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) && !/[\s()<>]/.test(url) ? url : undefined;
}

/** Inline Markdown as Discord shows it; `mark` bolds matched words in plain text (not inside bold or code). */
export function renderInline(nodes: PhrasingContent[], mark: Marker): string {
  return nodes.map((node) => renderPhrase(node, mark)).join('');
}

function renderPhrase(node: PhrasingContent, mark: Marker): string {
  switch (node.type) {
    case 'text':
      return mark(node.value.replace(/\s*\n\s*/g, ' '));
    case 'inlineCode':
      return codeSpan(node.value);
    case 'strong':
      return `**${renderInline(node.children, plainMarker)}**`;
    case 'emphasis':
      return `*${renderInline(node.children, mark)}*`;
    case 'delete':
      return `~~${renderInline(node.children, mark)}~~`;
    case 'link': {
      const label = renderInline(node.children, mark);
      const url = safeUrl(node.url);
      return url ? `[${label}](${url})` : label;
    }
    case 'linkReference':
      return renderInline(node.children, mark);
    case 'image':
    case 'imageReference':
      return node.alt ? escapeMarkdown(node.alt) : '';
    case 'break':
      return '\n';
    case 'html':
      return escapeMarkdown(stripTags(node.value));
    case 'footnoteReference':
      return escapeMarkdown(`[^${node.label ?? node.identifier}]`);
    default:
      return '';
  }
}

const SENTENCE_END = /(?<=[.!?。])\s+(?=\S)/g;

function renderCode(node: Code, maxLines = Number.POSITIVE_INFINITY): string {
  const lines = node.value.replace(/```/g, 'ˋˋˋ').split('\n');
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines), '…'] : lines;
  const lang = /^[\w+#.-]{1,20}$/.test(node.lang ?? '') ? node.lang : '';
  return `\`\`\`${lang}\n${shown.join('\n')}\n\`\`\``;
}

function cells(row: TableRow, mark: Marker): string[] {
  return row.children.map((cell) => renderInline(cell.children, mark).trim());
}

/** A table row as one readable line: `header: cell · header: cell` reads well on a phone too. */
function renderRow(header: TableRow | undefined, row: TableRow, mark: Marker): string {
  const values = cells(row, mark);
  if (!header || header === row) return `**${values.join(' · ')}**`;
  const names = cells(header, plainMarker);
  return `- ${values.map((v, i) => (i === 0 || !names[i] ? v : `${names[i]}: ${v}`)).join(' · ')}`;
}

function renderItem(list: List, index: number, mark: Marker, depth: number): string {
  const item = list.children[index] as ListItem;
  const bullet = list.ordered ? `${(list.start ?? 1) + index}.` : '-';
  const check = item.checked === true ? '☑ ' : item.checked === false ? '☐ ' : '';
  const indent = '  '.repeat(depth);
  const parts = item.children.map((child) =>
    child.type === 'list' ? renderList(child, mark, depth + 1) : renderBlock(child, mark, depth + 1).trim(),
  );
  const [first = '', ...rest] = parts;
  return [
    `${indent}${bullet} ${check}${first}`,
    ...rest.map((p) => (p.startsWith(indent) ? p : `${indent}  ${p}`)),
  ].join('\n');
}

function renderList(list: List, mark: Marker, depth = 0): string {
  return list.children.map((_, i) => renderItem(list, i, mark, depth)).join('\n');
}

function renderTable(table: Table, mark: Marker): string {
  const [header, ...rows] = table.children;
  if (!header) return '';
  return [renderRow(header, header, plainMarker), ...rows.map((row) => renderRow(header, row, mark))].join('\n');
}

/** One block as Discord Markdown. */
export function renderBlock(node: RootContent, mark: Marker, depth = 0): string {
  switch (node.type) {
    case 'paragraph':
      return renderInline(node.children, mark);
    case 'heading':
      return `**${renderInline(node.children, plainMarker)}**`;
    case 'list':
      return renderList(node, mark, depth);
    case 'table':
      return renderTable(node, mark);
    case 'code':
      return renderCode(node);
    case 'blockquote':
      return node.children
        .map((child) => renderBlock(child, mark, depth))
        .join('\n')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'html':
      return escapeMarkdown(stripTags(node.value)).trim();
    case 'thematicBreak':
      return '───';
    case 'footnoteDefinition':
      return `${escapeMarkdown(`[^${node.label ?? node.identifier}]:`)} ${node.children
        .map((c) => renderBlock(c, mark))
        .join(' ')}`;
    default:
      return '';
  }
}

/** A whole section as Discord Markdown, block by block (for /note). */
export function renderSection(root: Root, mark: Marker = plainMarker): string[] {
  return root.children.map((block) => renderBlock(block, mark)).filter((text) => text.trim() !== '');
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+/;
const TABLE_LINE = /^\s{0,3}\|/;
const QUOTE = /^\s{0,3}>/;

/** Splits a paragraph's Markdown into sentences at `. ! ?` + space, never inside a code span. */
function rawSentences(paragraph: string): string[] {
  const out: string[] = [];
  let last = 0;
  let scanned = 0;
  let inCode = false;
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index ?? 0;
    // backticks seen since the last look decide whether this space is inside a code span
    for (let i = scanned; i < end; i++) if (paragraph[i] === '`') inCode = !inCode;
    scanned = end;
    if (inCode) continue;
    out.push(paragraph.slice(last, end));
    last = end + match[0].length;
  }
  out.push(paragraph.slice(last));
  return out.map((p) => p.trim()).filter(Boolean);
}

/**
 * The section cut into units, in reading order, by a line scan: cheap enough for every question,
 * since only the few units a passage shows are then parsed (micromark costs a few µs a character).
 */
export function sectionUnits(markdown: string, toPlain: (raw: string) => string): Unit[] {
  const units: Unit[] = [];
  const lines = markdown.split('\n');
  let block = 0;
  let paragraph: string[] = [];
  let header: string | undefined;
  const add = (kind: UnitKind, raw: string, plain = toPlain(raw)) => {
    if (plain.trim()) units.push({ kind, block, raw, plain, header: kind === 'row' ? header : undefined });
  };
  const endParagraph = () => {
    if (paragraph.length === 0) return;
    for (const sentence of rawSentences(paragraph.join(' '))) add('sentence', sentence);
    paragraph = [];
    block++;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      endParagraph();
      const start = i;
      while (++i < lines.length && !(lines[i] as string).trim().startsWith(fence[1] as string));
      const body = lines.slice(start + 1, i).join('\n');
      add('code', lines.slice(start, i + 1).join('\n'), body);
      block++;
    } else if (!line.trim()) {
      endParagraph();
    } else if (TABLE_LINE.test(line)) {
      endParagraph();
      const rows: string[] = [];
      while (i < lines.length && TABLE_LINE.test(lines[i] as string)) rows.push(lines[i++] as string);
      i--;
      header = rows.length > 2 ? `${rows[0]}\n${rows[1]}` : undefined;
      // a row is matched with its column names: `CentOS 8 | 2021-12-31` answers "CentOS 8 지원 종료일"
      const columns = header ? toPlain(rows[0] as string) : '';
      for (const row of header ? rows.slice(2) : rows) add('row', row, `${columns} ${toPlain(row)}`);
      block++;
    } else if (ITEM.test(line) && paragraph.length === 0) {
      const indent = (ITEM.exec(line)?.[1] ?? '').length;
      const item = [line];
      // continuation: indented lines, nested items, lazy lines until a blank line or a sibling item
      while (i + 1 < lines.length) {
        const next = lines[i + 1] as string;
        if (!next.trim()) {
          const after = lines[i + 2] ?? '';
          if (after.trim() && /^\s/.test(after) && (after.length - after.trimStart().length) > indent) {
            item.push(next);
            i++;
            continue;
          }
          break;
        }
        const nested = ITEM.exec(next);
        if (nested && (nested[1] ?? '').length <= indent) break;
        if (FENCE.test(next) && next.length - next.trimStart().length <= indent) break;
        item.push(next);
        i++;
      }
      add('item', item.join('\n'));
      const next = lines[i + 1] ?? '';
      if (!ITEM.test(next)) block++;
    } else if (QUOTE.test(line)) {
      endParagraph();
      const quote: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] as string)) quote.push(lines[i++] as string);
      i--;
      add('block', quote.join('\n'));
      block++;
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return units;
}

const unitTrees = new WeakMap<Unit, Root>();

/** A unit's Markdown parsed once, the first time the unit is shown. */
function unitTree(unit: Unit): Root {
  let root = unitTrees.get(unit);
  if (!root) {
    const source =
      unit.kind === 'row'
        ? unit.header
          ? `${unit.header}\n${unit.raw}`
          : `${unit.raw}\n${unit.raw.replace(/[^|]+/g, '---')}`
        : unit.kind === 'item'
          ? dedent(unit.raw)
          : unit.raw;
    root = parseMarkdown(source);
    unitTrees.set(unit, root);
  }
  return root;
}

/** A unit as Discord Markdown: only now is its Markdown parsed. */
export function renderUnit(unit: Unit, mark: Marker): string {
  const root = unitTree(unit);
  if (unit.kind === 'row') {
    const table = root.children[0];
    if (table?.type !== 'table') return escapeMarkdown(unit.plain);
    const [head, row] = table.children;
    return unit.header && head && row ? renderRow(head, row, mark) : head ? renderRow(undefined, head, mark) : '';
  }
  const first = root.children[0];
  if (unit.kind === 'code' && first?.type === 'code') return renderCode(first, 15);
  if (unit.kind === 'item' && first?.type === 'list') return renderItem(first, 0, mark, 0);
  return root.children.map((block) => renderBlock(block, mark)).join('\n').trim();
}

function dedent(text: string): string {
  const indent = /^\s*/.exec(text)?.[0].length ?? 0;
  return text
    .split('\n')
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
}

/** The header line of a table, shown once above the rows of a passage. */
export function tableHeader(unit: Unit): string | undefined {
  if (!unit.header) return undefined;
  const table = parseMarkdown(unit.header).children[0];
  const head = table?.type === 'table' ? table.children[0] : undefined;
  return head ? renderRow(head, head, plainMarker) : undefined;
}
