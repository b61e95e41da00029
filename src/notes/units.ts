import type { Root } from 'mdast';
import {
  escapeMarkdown,
  type Marker,
  parseMarkdown,
  plainMarker,
  renderBlock,
  renderCode,
  renderItem,
  renderRow,
} from './markdown.js';

/*
 * A section cut into the units a passage is made of (sentences, list items, table rows, code
 * blocks) by a line scan, cheap enough for every question; only the units a passage shows are then
 * parsed with micromark and rendered (src/notes/markdown.ts).
 */

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

const SENTENCE_END = /(?<=[.!?。])\s+(?=\S)/g;

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

/** A line that is one image and nothing else (bounded, so it stays linear on any line). */
const IMAGE_ONLY = /^!\[[^\]\n]{0,300}\]\([^()\s]{1,500}(?:\s+"[^"]{0,300}")?\)$/;

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
    for (const sentence of rawSentences(paragraph.join(' '))) {
      // an image alone is shown as the embed's image: its alt text is no passage ("백업 흐름")
      if (!IMAGE_ONLY.test(sentence)) add('sentence', sentence);
    }
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
