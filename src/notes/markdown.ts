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

export function renderCode(node: Code, maxLines = Number.POSITIVE_INFINITY): string {
  const lines = node.value.replace(/```/g, 'ˋˋˋ').split('\n');
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines), '…'] : lines;
  const lang = /^[\w+#.-]{1,20}$/.test(node.lang ?? '') ? node.lang : '';
  return `\`\`\`${lang}\n${shown.join('\n')}\n\`\`\``;
}

function cells(row: TableRow, mark: Marker): string[] {
  return row.children.map((cell) => renderInline(cell.children, mark).trim());
}

/** A table row as one readable line: `header: cell · header: cell` reads well on a phone too. */
export function renderRow(header: TableRow | undefined, row: TableRow, mark: Marker): string {
  const values = cells(row, mark);
  if (!header || header === row) return `**${values.join(' · ')}**`;
  const names = cells(header, plainMarker);
  return `- ${values.map((v, i) => (i === 0 || !names[i] ? v : `${names[i]}: ${v}`)).join(' · ')}`;
}

export function renderItem(list: List, index: number, mark: Marker, depth: number): string {
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
