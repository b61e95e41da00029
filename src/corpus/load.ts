import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import { inlineToText, splitSections } from './markdown.js';
import type { Corpus, LoadWarning, Note } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// gray-matter with the maintained `yaml` parser (and, with options given, without its global cache)
const matterOptions = { engines: { yaml: (s: string) => (YAML.parse(s, { prettyErrors: false }) ?? {}) as object } };

async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
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
export function parseNote(path: string, raw: Buffer): Note {
  if (raw.includes(0)) throw new Error('binary file (contains NUL bytes)');
  let source: string;
  try {
    source = utf8.decode(raw);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  let data: Record<string, unknown>;
  let body: string;
  try {
    const parsed = matter(source, matterOptions);
    data = parsed.data as Record<string, unknown>;
    body = parsed.content;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`front matter is not valid YAML: ${detail}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('front matter is not a mapping');
  const firstH1 = /^#\s+(.+)$/m.exec(body)?.[1];
  const fileName = path.split('/').at(-1)?.replace(/\.md$/i, '') ?? path;
  const title = inlineToText(asString(data.title) ?? (firstH1 ? inlineToText(firstH1) : fileName));
  const description = asString(data.description) ?? asString(data.short_description);
  const aka = asTags(data.aka);
  const intro = [description, aka.length ? aka.join(', ') : undefined].filter(Boolean).join('\n');
  const { sections, headings } = splitSections(path, title, body, intro ? inlineToText(intro) : '');
  return { path, title, date: asString(data.date), tags: asTags(data.tags), description, headings, sections };
}

/**
 * Loads every `.md` under `dir`. A file that cannot be read or parsed is skipped
 * with a warning naming it and the reason; the rest still loads.
 */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const files = await listMarkdown(dir);
  const notes: Note[] = [];
  const warnings: LoadWarning[] = [];
  await Promise.all(
    files.map(async (file, i) => {
      const path = relative(dir, file).split(sep).join('/');
      try {
        notes[i] = parseNote(path, await readFile(file));
      } catch (error) {
        warnings.push({ path, reason: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  const loaded = notes.filter((n): n is Note => n !== undefined);
  warnings.sort((a, b) => a.path.localeCompare(b.path));
  return { dir, notes: loaded, sections: loaded.flatMap((n) => n.sections), warnings };
}
