import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FORMATS, type NoteFormat } from '../corpus/formats.js';

/** Where notes come from: the `NOTES_SOURCES` file, or the shipped folder alone when it is not set. */

export type { NoteFormat };

/** Per-source limits; a source over one is cut there with a warning, the rest of the library still loads. */
export interface SourceLimits {
  /** Markdown files read */
  maxFiles: number;
  /** bytes of Markdown read, all files together */
  maxBytes: number;
  /** seconds one git command may take (clone, fetch) */
  timeoutSeconds: number;
}

export const DEFAULT_LIMITS: SourceLimits = { maxFiles: 10_000, maxBytes: 100 * 1024 * 1024, timeoutSeconds: 120 };

export interface SourceSpec {
  name: string;
  /** a folder on this machine (absolute) … */
  path?: string;
  /** … or a git repository: https:// or file:// only */
  git?: string;
  branch?: string;
  /** the folder inside the repository or path holding the notes ('' for its root) */
  dir: string;
  format: NoteFormat;
  /** link template: {slug}, {path}, {date:yyyy}, {date:mm}, {date:dd}; the section's anchor is added */
  link?: string;
  /** base URL for relative image paths */
  images?: string;
  license?: string;
  rank: number;
  limits: SourceLimits;
  /**
   * the notes folder read on its own (no sources file, CONTENT_DIR): its sections carry no origin and
   * are linked through NOTES_BASE_URL, exactly as before sources existed
   */
  plain?: boolean;
}

/** The reason a git URL is refused, or null when it is a plain https:// or file:// URL. */
export function gitUrlProblem(url: string): string | null {
  if (url.startsWith('-')) return 'must not start with "-" (git would read it as an option)';
  if (/\s/.test(url) || [...url].some((c) => c.charCodeAt(0) < 0x20)) return 'must not contain spaces or control characters';
  if (url.includes('::')) return 'transport tricks like "ext::" or "file::" are refused: use https:// or file://';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an https:// URL (or file:// for a repository on this machine); scp-style ssh addresses are refused';
  }
  if (parsed.protocol === 'https:') return parsed.username || parsed.password ? 'must not carry a user name or password' : null;
  if (parsed.protocol === 'file:') return parsed.host ? 'file:// URLs must name a local path (file:///path)' : null;
  return `only https:// and file:// are allowed, not ${parsed.protocol}//`;
}

const webUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { message: 'must be an https:// (or http://) URL' });

const sourceSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,40}$/, 'must be 1 to 40 letters, digits, dots, dashes or underscores'),
    path: z.string().trim().min(1).optional(),
    git: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const problem = gitUrlProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    branch: z
      .string()
      .trim()
      .regex(/^(?!-)[\w./-]{1,100}$/, 'must be a branch name (letters, digits, / . _ -, not starting with -)')
      .optional(),
    dir: z
      .string()
      .trim()
      .refine((v) => !v.split('/').includes('..') && !v.startsWith('-') && !isAbsolute(v), {
        message: 'must be a folder inside the repository or path (no "..", not absolute)',
      })
      .default(''),
    format: z.enum(FORMATS).default('markdown'),
    link: webUrl.optional(),
    images: webUrl.optional(),
    license: z.string().trim().min(1).max(200).optional(),
    rank: z.number().positive().max(100).default(1),
    limits: z
      .object({
        files: z.number().int().positive().optional(),
        bytes: z.number().int().positive().optional(),
        seconds: z.number().positive().max(3600).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!!s.path === !!s.git) ctx.addIssue({ code: 'custom', message: 'needs exactly one of "path:" or "git:"' });
    if (s.branch && !s.git) ctx.addIssue({ code: 'custom', path: ['branch'], message: 'only for git sources' });
  });

const fileSchema = z.object({ sources: z.array(sourceSchema).min(1, 'lists no source') }).strict();

/** Names used twice, checked on the raw list so it is reported together with every other problem. */
function duplicateNames(raw: unknown): string[] {
  const list = (raw as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const problems: string[] = [];
  list.forEach((s: { name?: unknown } | null, i) => {
    const name = typeof s?.name === 'string' ? s.name.trim() : undefined;
    if (name === undefined) return;
    if (seen.has(name)) problems.push(`sources[${i}] (${name}).name: "${name}" is used twice`);
    seen.add(name);
  });
  return problems;
}


export class SourcesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid sources file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SourcesError';
  }
}

/** `sources[1] (docs-ko).git`: where a problem sits, by index and name. */
function where(path: PropertyKey[], raw: unknown): string {
  if (path[0] !== 'sources' || typeof path[1] !== 'number') return path.join('.') || '(file)';
  const list = (raw as { sources?: { name?: unknown }[] } | null)?.sources;
  const name = list?.[path[1]]?.name;
  const label = `sources[${path[1]}]${typeof name === 'string' ? ` (${name})` : ''}`;
  return [label, ...path.slice(2)].join('.');
}

/**
 * Parses a sources file's text. Every problem is listed at once (source index and name, key);
 * `path:` folders are resolved against `baseDir` and must exist.
 */
export function parseSources(text: string, file: string, baseDir: string): SourceSpec[] {
  const doc = parseDocument(text, { schema: 'core', customTags: [], prettyErrors: false });
  const yamlError = doc.errors[0] ?? doc.warnings[0];
  if (yamlError) throw new SourcesError(file, [`not valid YAML: ${yamlError.message.split('\n')[0]}`]);
  const raw: unknown = doc.toJS({ maxAliasCount: 50 });
  const parsed = fileSchema.safeParse(raw);
  const duplicates = duplicateNames(raw);
  if (!parsed.success || duplicates.length) {
    const issues = parsed.success ? [] : parsed.error.issues;
    throw new SourcesError(file, [...issues.map((issue) => `${where(issue.path, raw)}: ${issue.message}`), ...duplicates]);
  }
  const problems: string[] = [];
  const specs = parsed.data.sources.map((s, i): SourceSpec => {
    const path = s.path === undefined ? undefined : resolve(baseDir, s.path);
    if (path) {
      const folder = resolve(path, s.dir);
      if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
        problems.push(`sources[${i}] (${s.name}).path: folder "${folder}" does not exist`);
      }
    }
    return {
      name: s.name,
      path,
      git: s.git,
      branch: s.branch,
      dir: s.dir.replace(/^\.?\/+|\/+$/g, ''),
      format: s.format,
      link: s.link,
      images: s.images,
      license: s.license,
      rank: s.rank,
      limits: {
        maxFiles: s.limits.files ?? DEFAULT_LIMITS.maxFiles,
        maxBytes: s.limits.bytes ?? DEFAULT_LIMITS.maxBytes,
        timeoutSeconds: s.limits.seconds ?? DEFAULT_LIMITS.timeoutSeconds,
      },
    };
  });
  if (problems.length) throw new SourcesError(file, problems);
  return specs;
}

/** Reads and checks a sources file; relative `path:` entries are relative to the file's folder. */
export function readSourcesFile(file: string): SourceSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourcesError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseSources(text, file, dirname(resolve(file)));
}

/** Without a sources file: one folder of Markdown notes, exactly as before sources existed. */
export function folderSource(dir: string, name = 'notes'): SourceSpec {
  return { name, path: resolve(dir), dir: '', format: 'markdown', rank: 1, limits: DEFAULT_LIMITS, plain: true };
}
