/*
 * Korean <-> English term pairs learned from the Kubernetes docs themselves: the Korean and
 * English docs are the same pages under the same relative paths, so they align term pairs.
 *
 *   glossary  reference/glossary/*.md: the Korean title "파드 (원문, Pod)" (and aka) against
 *             the English title (and aka) of the same file
 *   l10n      the Korean localization team's terminology table (ko/contribute/localization_ko.md)
 *   titles    page titles of the same path when both are short (1-4 words); not section indexes
 *             (_index.md: navigation labels) nor task titles ("...하기")
 *
 * Filters: the Korean side must have Hangul, the English side must not; no long phrases; no
 * dictionary-form verbs (축출하다); English lowercased; pairs already in the glossary skipped.
 * A pair one side of which is already an entry becomes extra spellings of that entry; a pair
 * whose sides are in two different entries is left out (the glossary decides).
 *
 * usage: npx tsx scripts/glossary-from-docs.ts [--docs DIR] [--glossary FILE]
 *          [--sources glossary,l10n] [--write | --out FILE] [--list]
 * Without --write or --out it only prints the counts (and with --list every accepted pair).
 * Re-running with --write adds nothing twice: accepted pairs are then already present.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { readFrontMatter } from '../src/corpus/load.js';
import { glossaryKey, parseGlossary, type GlossaryEntry } from '../src/search/glossary.js';

type Source = 'glossary' | 'l10n' | 'titles';
const ALL_SOURCES: Source[] = ['glossary', 'l10n', 'titles'];

interface Pair {
  source: Source;
  ko: string[];
  en: string[];
  from: string;
}

const HANGUL = /[\uac00-\ud7a3]/;
const LATIN = /[A-Za-z]/;
/** the header line that marks where the entries learned from the docs begin */
export const DOCS_MARKER = '# --- entries below: learned from the Kubernetes docs alignment (scripts/glossary-from-docs.ts) ---';

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A Korean spelling worth keeping: Hangul, no Latin letters left, short, not a verb in dictionary form. */
function koOk(s: string): boolean {
  return HANGUL.test(s) && !LATIN.test(s) && !/[^\uac00-\ud7a3\s0-9-]/.test(s) && words(s) <= 4 && s.length <= 20 && !/(하다|시키다|되다)$/.test(s);
}

/** An English spelling worth keeping: Latin letters, no Hangul, short. */
function enOk(s: string): boolean {
  return LATIN.test(s) && !HANGUL.test(s) && !/[^A-Za-z0-9\s.'+/-]/.test(s) && words(s) <= 4 && s.length <= 40;
}

/** Splits "클라우드 네이티브 컴퓨팅 재단(CNCF)" or "CLA (Contributor License Agreement)" into the term and its abbreviation. */
function splitParen(s: string): { outside: string; inside?: string } {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(s.trim());
  if (!m) return { outside: clean(s) };
  return { outside: clean(m[1] ?? ''), inside: clean(m[2] ?? '') };
}

const isAbbrev = (s: string) => /^[A-Z][A-Z0-9]{1,7}$/.test(s);

/** Korean and English spellings in one Korean cell or title part ("컨피그맵(ConfigMap)", "CLA(컨트리뷰터 사용권 계약)"). */
function koreanCell(cell: string): { ko: string[]; en: string[] } {
  const ko: string[] = [];
  const en: string[] = [];
  for (const alt of cell.split(/\s*,\s*/)) {
    // a parenthesis inside the phrase ("베어(bare) 파드", "다운워드(Downward) API") holds the English word: drop it
    let s = alt;
    for (;;) {
      const inner = /\(([A-Za-z][A-Za-z -]*)\)(?=\s|$)/.exec(s);
      if (!inner || inner.index + inner[0].length === s.length) break;
      s = s.slice(0, inner.index) + s.slice(inner.index + inner[0].length);
    }
    const { outside, inside } = splitParen(s);
    if (inside !== undefined) {
      if (isAbbrev(outside) && HANGUL.test(inside)) {
        ko.push(inside);
        en.push(outside);
        continue;
      }
      if (isAbbrev(inside)) en.push(inside);
      // any other parenthesis (English original, "의미 명확화") is not part of the term
    }
    ko.push(outside);
  }
  return { ko, en };
}

/** English spellings in an English title or cell ("Cloud Native Computing Foundation (CNCF)"). */
function englishCell(cell: string): string[] {
  const { outside, inside } = splitParen(cell);
  if (inside === undefined) return [outside];
  if (isAbbrev(inside)) return [outside, inside];
  if (isAbbrev(outside)) return [outside, inside];
  return [outside];
}

function finish(source: Source, from: string, ko: string[], en: string[]): Pair | undefined {
  const k = [...new Set(ko.map(clean).filter(koOk))];
  const lower = [...new Set(en.map((s) => clean(s).toLowerCase()).filter(enOk))];
  // a phrase cut short ("cloud service provide" beside "cloud service provider") is a typo, not a spelling
  const e = lower.filter((s) => !(s.includes(' ') && lower.some((x) => x !== s && x.startsWith(s))));
  if (k.length === 0 || e.length === 0) return undefined;
  return { source, from, ko: k, en: e };
}

async function front(file: string): Promise<Record<string, unknown> | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const data = readFrontMatter(await readFile(file, 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const akaList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string' && x.trim() !== '');

async function glossaryPairs(docs: string): Promise<Pair[]> {
  const dir = join(docs, 'ko', 'reference', 'glossary');
  const pairs: Pair[] = [];
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()) {
    const ko = await front(join(dir, name));
    const en = await front(join(docs, 'en', 'reference', 'glossary', name));
    const title = typeof ko?.title === 'string' ? ko.title : '';
    if (!title || name.startsWith('index') || name.startsWith('_index')) continue;
    const koSide: string[] = [];
    const enSide: string[] = [];
    const m = /^(.*?)\s*\(원문,\s*(.*)\)\s*$/.exec(title);
    const koTitle = m ? (m[1] ?? '') : title;
    if (m) enSide.push(...englishCell(m[2] ?? ''));
    const cell = koreanCell(koTitle);
    koSide.push(...cell.ko);
    enSide.push(...cell.en);
    if (typeof en?.title === 'string') enSide.push(...englishCell(en.title));
    // aka: Korean spellings on the Korean side, English ones on the English side
    for (const a of [...akaList(ko?.aka), ...akaList(en?.aka)]) (HANGUL.test(a) ? koSide : enSide).push(a);
    const pair = finish('glossary', `reference/glossary/${name}`, koSide, enSide);
    if (pair) pairs.push(pair);
  }
  return pairs;
}

async function l10nPairs(docs: string): Promise<Pair[]> {
  const file = join(docs, 'ko', 'contribute', 'localization_ko.md');
  const pairs: Pair[] = [];
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.forEach((line, i) => {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 2 || /^\s*-{3}/.test(lines[i + 1] ?? '')) return; // a table's header row
    const [left = '', right = ''] = cells;
    // English | Korean rows only: the Korean-only style tables and "..." rows fall out here
    if (HANGUL.test(left) || !LATIN.test(left) || !HANGUL.test(right)) return;
    const { ko, en } = koreanCell(right);
    const pair = finish('l10n', `contribute/localization_ko.md:${i + 1}`, ko, [...englishCell(left), ...en]);
    if (pair) pairs.push(pair);
  });
  return pairs;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

async function titlePairs(docs: string): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const koDir = join(docs, 'ko');
  for (const file of (await markdownFiles(koDir)).sort()) {
    const rel = relative(koDir, file);
    if (rel.startsWith('reference/glossary/')) continue;
    // a section index is titled with a navigation label (레퍼런스, 튜토리얼, 개념), not a term: measured, its
    // pairs pulled English questions with "reference" onto reference/_index.md
    if (/(^|\/)_?index\.md$/.test(rel)) continue;
    const ko = await front(file);
    const en = await front(join(docs, 'en', rel));
    const koTitle = typeof ko?.title === 'string' ? clean(ko.title) : '';
    const enTitle = typeof en?.title === 'string' ? clean(en.title) : '';
    if (!koTitle || !enTitle || words(koTitle) > 4 || words(enTitle) > 4) continue;
    // a task title ("파드 디버깅하기", "Debug Pods") names an action, not a term
    if (/하기$/.test(koTitle)) continue;
    const pair = finish('titles', rel, koreanCell(koTitle).ko, englishCell(enTitle));
    if (pair) pairs.push(pair);
  }
  return pairs;
}

interface Outcome {
  added: Record<Source, { entries: number; spellings: number; pairs: number }>;
  present: Record<Source, number>;
  conflicts: Record<Source, number>;
  log: string[];
}

/** Merges pairs into the entries in order: new entries after `entries`, or extra spellings of the entry one side is in. */
function merge(entries: GlossaryEntry[], pairs: Pair[]): { entries: GlossaryEntry[]; firstNew: number; outcome: Outcome } {
  const out: GlossaryEntry[] = entries.map((e) => ({ ...e, ko: [...e.ko], en: [...e.en] }));
  const firstNew = out.length;
  const koIndex = new Map<string, number>();
  const enIndex = new Map<string, number>();
  const indexEntry = (i: number) => {
    const e = out[i];
    if (!e) return;
    for (const s of e.ko) if (!koIndex.has(glossaryKey(s))) koIndex.set(glossaryKey(s), i);
    for (const s of e.en) if (!enIndex.has(glossaryKey(s))) enIndex.set(glossaryKey(s), i);
  };
  for (let i = 0; i < out.length; i++) indexEntry(i);
  const zero = () => ({ glossary: 0, l10n: 0, titles: 0 });
  const outcome: Outcome = {
    added: { glossary: { entries: 0, spellings: 0, pairs: 0 }, l10n: { entries: 0, spellings: 0, pairs: 0 }, titles: { entries: 0, spellings: 0, pairs: 0 } },
    present: zero(),
    conflicts: zero(),
    log: [],
  };
  for (const pair of pairs) {
    const ko = pair.ko.filter((s) => glossaryKey(s));
    const en = pair.en.filter((s) => glossaryKey(s));
    const hits = new Set<number>();
    for (const s of ko) {
      const i = koIndex.get(glossaryKey(s));
      if (i !== undefined) hits.add(i);
    }
    for (const s of en) {
      const i = enIndex.get(glossaryKey(s));
      if (i !== undefined) hits.add(i);
    }
    if (hits.size > 1) {
      outcome.conflicts[pair.source]++;
      outcome.log.push(`conflict ${pair.source} ${pair.from}: ${ko.join('/')} <-> ${en.join('/')} (entries ${[...hits].join(', ')})`);
      continue;
    }
    const target = [...hits][0];
    const entry = target === undefined ? { ko: [] as string[], en: [] as string[] } : out[target];
    if (!entry) continue;
    // a Korean spelling is new when its key is; a spacing variant of one already there is kept as written
    const squash = (x: string) => x.replace(/\s+/g, '');
    const addKo = ko.filter(
      (s, i) =>
        ko.indexOf(s) === i &&
        !entry.ko.includes(s) &&
        (!koIndex.has(glossaryKey(s)) || entry.ko.some((x) => squash(x) === squash(s))),
    );
    const newEn = en.filter((s) => !enIndex.has(glossaryKey(s)));
    const uniqueEn = newEn.filter((s, i) => newEn.findIndex((x) => glossaryKey(x) === glossaryKey(s)) === i);
    if (addKo.length === 0 && uniqueEn.length === 0) {
      outcome.present[pair.source]++;
      continue;
    }
    entry.ko.push(...addKo);
    entry.en.push(...uniqueEn);
    if (target === undefined) {
      if (entry.ko.length === 0 || entry.en.length === 0) continue;
      out.push(entry);
      outcome.added[pair.source].entries++;
      outcome.log.push(`new ${pair.source} ${pair.from}: ${entry.ko.join('/')} <-> ${entry.en.join('/')}`);
    } else {
      outcome.added[pair.source].spellings += addKo.length + uniqueEn.length;
      outcome.log.push(`extend ${pair.source} ${pair.from}: entry ${target} +${[...addKo, ...uniqueEn].join('/')}`);
    }
    outcome.added[pair.source].pairs++;
    indexEntry(target ?? out.length - 1);
  }
  return { entries: out, firstNew, outcome };
}

const scalar = (s: string) => YAML.stringify(s).trim();

/** The header line that says where entries came from and how to regenerate them. */
export const HEADER_NOTE = [
  '# Entries after the "learned from the Kubernetes docs" line, and spellings added to earlier entries, come from the ko/en',
  '# docs alignment (glossary pages, the localization terminology table, short same-path titles): npx tsx scripts/glossary-from-docs.ts --write',
];

/** Written above the first `general: true` entry (ordinary words, not Kubernetes concepts). */
export const GENERAL_NOTE = [
  '# General technical vocabulary (general: true): ordinary words, not Kubernetes names. They bridge Korean and English in',
  '# search but are no evidence that a question is about the notes. Chosen from the most frequent content words of the Korean',
  '# docs (particles cut, in 3+ pages, not already a spelling), English forms checked on the same-path English pages.',
];

/** The glossary file in its own layout: the comment header, then one block per entry. */
function render(header: string[], entries: GlossaryEntry[], markerAt: number): string {
  const lines = header.includes(HEADER_NOTE[0] ?? '') ? [...header] : [...header, ...HEADER_NOTE];
  let generalNoted = false;
  entries.forEach((e, i) => {
    if (i === markerAt) lines.push(DOCS_MARKER);
    if (e.general && !generalNoted) {
      lines.push(...GENERAL_NOTE);
      generalNoted = true;
    }
    const first = e.general ? ['- general: true', '  ko:'] : ['- ko:'];
    lines.push(...first, ...e.ko.map((s) => `    - ${scalar(s)}`), '  en:', ...e.en.map((s) => `    - ${scalar(s)}`));
  });
  return `${lines.join('\n')}\n`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: ['../shared', '../../shared'].map((d) => join(d, 'corpora', 'kubernetes-docs')).find((d) => existsSync(d)) },
      glossary: { type: 'string', default: 'content/glossary.yaml' },
      sources: { type: 'string', default: ALL_SOURCES.join(',') },
      write: { type: 'boolean', default: false },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  if (!values.docs) throw new Error('no docs folder: pass --docs DIR (the folder holding ko/ and en/)');
  const docs = resolve(values.docs);
  const sources = values.sources.split(',').map((s) => s.trim()) as Source[];
  for (const s of sources) if (!ALL_SOURCES.includes(s)) throw new Error(`unknown source "${s}" (have ${ALL_SOURCES.join(', ')})`);

  const text = await readFile(values.glossary, 'utf8');
  const { entries, problems } = parseGlossary(text);
  if (entries.length === 0 && problems.length > 0) throw new Error(`${values.glossary}: ${problems[0]?.message}`);
  const lines = text.split('\n');
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('#')));
  const existingMarker = text.split('\n').filter((l) => l.startsWith('- ') || l === DOCS_MARKER).indexOf(DOCS_MARKER);

  const candidates: Record<Source, Pair[]> = {
    glossary: await glossaryPairs(docs),
    l10n: await l10nPairs(docs),
    titles: await titlePairs(docs),
  };
  const pairs = sources.flatMap((s) => candidates[s]);
  const { entries: merged, firstNew, outcome } = merge(entries, pairs);

  console.log(`glossary ${values.glossary}: ${entries.length} entries before, ${merged.length} after`);
  for (const s of ALL_SOURCES) {
    const used = sources.includes(s);
    const a = outcome.added[s];
    console.log(
      `${s.padEnd(9)} candidates ${String(candidates[s].length).padStart(4)}` +
        (used
          ? `  accepted ${a.pairs} (new entries ${a.entries}, extra spellings ${a.spellings})  already present ${outcome.present[s]}  conflicting ${outcome.conflicts[s]}`
          : '  (not used)'),
    );
  }
  if (values.list) for (const l of outcome.log) console.log(l);

  const target = values.out ?? (values.write ? values.glossary : undefined);
  if (target) {
    const markerAt = existingMarker >= 0 ? existingMarker : merged.length > firstNew ? firstNew : -1;
    await writeFile(target, render(header, merged, markerAt));
    console.log(`wrote ${target}`);
  }
}

await main();
