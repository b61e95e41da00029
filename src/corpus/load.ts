import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import { dropLiquidTags, type NoteFormat, noteFacts, titleFromSlug } from './formats.js';
import { inlineToText, MAX_PARSED_LINE, shortHash, splitSections } from './markdown.js';
import type { Corpus, LoadWarning, Note } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/*
 * Front matter is split here, not by gray-matter: gray-matter also runs
 * `---js` / `---javascript` front matter through eval, so a note could run code
 * at start, in `validate` and on /reload. YAML (like Jekyll: a `---` first line,
 * closed by a `---` or `...` line) is parsed as data only: the core schema, no
 * custom tags, aliases capped against "billion laughs". TOML (like Hugo: between
 * `+++` lines) is data by design (smol-toml: no code, no references).
 */
const MAX_ALIASES = 100;

interface FrontMatter {
  language: 'yaml' | 'toml';
  text: string;
}

function splitFrontMatter(source: string): { front: FrontMatter | undefined; body: string } {
  const firstEnd = source.indexOf('\n');
  const first = (firstEnd < 0 ? source : source.slice(0, firstEnd)).trimEnd();
  const toml = first === '+++';
  if (!toml && (!first.startsWith('---') || first.startsWith('----'))) return { front: undefined, body: source };
  const language = toml ? '' : first.slice(3).trim();
  if (language && !['yaml', 'yml'].includes(language.toLowerCase())) {
    throw new Error(
      `front matter "---${language.slice(0, 20)}" is not allowed: only YAML (---) and TOML (+++) front matter are read`,
    );
  }
  const closers = toml ? ['+++'] : ['---', '...'];
  for (let start = firstEnd + 1; firstEnd >= 0; ) {
    const end = source.indexOf('\n', start);
    const line = source.slice(start, end < 0 ? undefined : end).trimEnd();
    if (closers.includes(line)) {
      const text = source.slice(firstEnd + 1, start);
      return { front: { language: toml ? 'toml' : 'yaml', text }, body: end < 0 ? '' : source.slice(end + 1) };
    }
    if (end < 0) break;
    start = end + 1;
  }
  throw new Error(`front matter is not closed: no ${closers[0]} line after the opening ${first}`);
}

/** TOML front matter as plain data; the error names the line (counted in the file: the +++ line is 1). */
function parseTomlFrontMatter(text: string): unknown {
  try {
    return parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
      throw new Error(`front matter is not valid TOML (line ${e.line + 1}): ${reason}`);
    }
    throw new Error(`front matter is not valid TOML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The front matter as plain data; throws with the reason (the caller names the file). */
function parseFrontMatter(yaml: string): unknown {
  const doc = parseDocument(yaml, { schema: 'core', customTags: [], prettyErrors: false });
  const error = doc.errors[0];
  if (error) throw new Error(`front matter is not valid YAML: ${error.message.split('\n')[0]}`);
  // an unknown tag (`!!js/function`, `!foo`) is a warning to the yaml package; here it is refused
  const warning = doc.warnings[0]?.message.split('\n')[0];
  if (warning) throw new Error(`front matter uses a YAML feature that is not allowed: ${warning}`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {};
  } catch (e) {
    throw new Error(`front matter is not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Front matter as plain data ({} when there is none). */
function frontMatterData(front: FrontMatter | undefined): unknown {
  if (front === undefined) return {};
  return front.language === 'toml' ? parseTomlFrontMatter(front.text) : parseFrontMatter(front.text);
}

/** A note's front matter as plain data ({} when it has none); throws with the reason, like the loader. */
export function readFrontMatter(source: string): Record<string, unknown> {
  const data = frontMatterData(splitFrontMatter(source.replace(/^\uFEFF/, '')).front);
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new Error(`notes folder "${dir}" does not exist`);
      if (error.code === 'ENOTDIR') throw new Error(`notes folder "${dir}" is not a folder`);
      throw error;
    },
  );
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function asTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => asString(v)).filter((v): v is string => !!v);
  const single = asString(value);
  return single ? single.split(/[,\s]+/).filter(Boolean) : [];
}

/** Parses one note. Throws an Error whose message says what is wrong (the caller names the file). */
export function parseNote(path: string, raw: Buffer, format: NoteFormat = 'markdown'): Note {
  if (raw.includes(0)) throw new Error('binary file (contains NUL bytes)');
  let source: string;
  try {
    source = utf8.decode(raw);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  const { front, body: written } = splitFrontMatter(source.replace(/^\uFEFF/, ''));
  const data = frontMatterData(front);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('front matter is not a mapping');
  }
  const meta = data as Record<string, unknown>;
  const body = format === 'jekyll' ? dropLiquidTags(written) : written;
  const facts = noteFacts(format, path, { date: asString(meta.date), slug: asString(meta.slug) });
  // the pattern's parts never overlap (spaces, then a non-space), so it stays linear on any line
  const firstH1 = /^#[^\S\r\n]+(\S.*)$/m.exec(body)?.[1];
  const fileName =
    format === 'markdown' ? (path.split('/').at(-1)?.replace(/\.md$/i, '') ?? path) : titleFromSlug(facts.slug);
  const h1 = firstH1 && firstH1.length < MAX_PARSED_LINE ? inlineToText(firstH1) : undefined;
  const title = inlineToText(asString(meta.title) ?? h1 ?? fileName);
  const description = asString(meta.description) ?? asString(meta.short_description);
  const aka = asTags(meta.aka);
  const intro = [description, aka.length ? aka.join(', ') : undefined].filter(Boolean).join('\n');
  const { sections, headings } = splitSections(path, title, body, intro ? inlineToText(intro) : '');
  return { path, title, date: asString(meta.date), tags: asTags(meta.tags), description, headings, sections, facts };
}

/** Files read at once: 20,000 notes read all together ran out of file handles (EMFILE). */
export const READ_CONCURRENCY = 32;

/** `work` over every item, at most `limit` at a time; results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A single note larger than this is skipped: no study note is, and reading it would only cost memory. */
export const MAX_NOTE_BYTES = 4 * 1024 * 1024;

export interface LoadOptions {
  format?: NoteFormat;
  /** at most this many files are read (the first, in path order); the rest are reported */
  maxFiles?: number;
  /** at most this many bytes in all, in path order; the notes past it are reported */
  maxBytes?: number;
}

/**
 * Loads every `.md` under `dir`. A file that cannot be read or parsed is skipped
 * with a warning naming it and the reason; the rest still loads.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const listed = await listMarkdown(dir);
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const files = listed.slice(0, maxFiles);
  const format = options.format ?? 'markdown';
  const results = await mapLimit(files, READ_CONCURRENCY, async (file): Promise<(Note & { bytes: number }) | LoadWarning> => {
    const path = relative(dir, file).split(sep).join('/');
    try {
      const size = (await stat(file)).size;
      if (size > MAX_NOTE_BYTES) throw new Error(`file too large (${size} bytes, the limit is ${MAX_NOTE_BYTES})`);
      const raw = await readFile(file);
      const note = parseNote(path, raw, format);
      return { ...note, hash: shortHash(raw.toString('latin1')), bytes: raw.length };
    } catch (error) {
      return { path, reason: error instanceof Error ? error.message : String(error) };
    }
  });
  const warnings = results.filter((r): r is LoadWarning => 'reason' in r);
  if (listed.length > files.length) {
    warnings.push({
      path: '.',
      reason: `over the limit of ${maxFiles} files: ${listed.length - files.length} files not read`,
    });
  }
  const notes: Note[] = [];
  let bytes = 0;
  let over = 0;
  for (const r of results) {
    if (!('sections' in r)) continue;
    bytes += r.bytes;
    if (bytes > (options.maxBytes ?? Number.POSITIVE_INFINITY)) over++;
    else {
      const { bytes: _bytes, ...note } = r;
      notes.push(note);
    }
  }
  if (over > 0) warnings.push({ path: '.', reason: `over the limit of ${options.maxBytes} bytes: ${over} notes not read` });
  return { dir, notes, sections: notes.flatMap((n) => n.sections), warnings };
}
