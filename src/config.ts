import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import cron from 'node-cron';
import { readSourcesFile, type SourceSpec, SourcesError } from './sources/spec.js';

/** Everything the bot reads from the environment, typed and validated in one place. */
export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiUrl: string | undefined;
  contentDir: string;
  /** the note sources from NOTES_SOURCES; undefined: CONTENT_DIR alone */
  sources: SourceSpec[] | undefined;
  sourcesFile: string | undefined;
  /** where git sources are checked out */
  sourcesCacheDir: string;
  /** minutes between pulls of the git sources (0: only at start and on /reload) */
  sourcesSyncMinutes: number;
  quizDir: string;
  glossaryFile: string;
  storeUrl: string;
  logLevel: string;
  tzDefault: string;
  notesBaseUrl: string | undefined;
  quizTickCron: string;
  healthPort: number | undefined;
  /** shards in all (npm run start:sharded); always explicit, never Discord's 'auto' */
  shardCount: number | undefined;
  production: boolean;
}

/**
 * For entry points: `.env` plus the environment, validated. On bad settings the
 * problems are printed and the result is null (the caller exits 1); anything
 * else is thrown.
 */
export function readConfigOrReport(): Config | null {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}

/** Reads `.env` into process.env when present (real environment variables win). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

/** The scheme of a URL, or null when it is not one. */
function urlScheme(value: string): string | null {
  try {
    return new URL(value).protocol;
  } catch {
    return null;
  }
}

/**
 * A URL the bot puts into links and embeds or sends requests to: http(s) only, so a setting can
 * never turn into a `javascript:`, `file:` or `data:` link.
 */
const webUrl = (example: string) =>
  optional.pipe(
    z
      .string()
      .refine((v) => ['https:', 'http:'].includes(urlScheme(v) ?? ''), {
        error: (issue) => {
          const scheme = urlScheme(String(issue.input));
          return scheme
            ? `must be an https:// (or http://) URL like ${example}, not ${scheme}`
            : `must be a URL like ${example}`;
        },
      })
      .optional(),
  );

/** A content path that must exist at start: a typo should not start a bot that knows nothing. */
const existing = (kind: 'folder' | 'file', fallback: string) =>
  optional.default(fallback).check((ctx) => {
    const stat = statSync(ctx.value, { throwIfNoEntry: false });
    const where = isAbsolute(ctx.value) ? '' : ` (relative to ${process.cwd()})`;
    if (!stat) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `${kind} "${ctx.value}" does not exist${where}` });
    } else if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `"${ctx.value}" is not a ${kind}` });
    }
  });

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const schema = z.object({
  DISCORD_TOKEN: optional.refine((v) => v === undefined || /^[\w.-]{20,}$/.test(v), {
    message: 'does not look like a bot token (letters, digits, dots, dashes; 20+ characters)',
  }),
  DISCORD_CLIENT_ID: optional.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optional.pipe(snowflake.optional()),
  DISCORD_API_URL: webUrl('http://127.0.0.1:3000/api'),
  CONTENT_DIR: existing('folder', 'content/notes'),
  QUIZ_DIR: existing('folder', 'content/quizzes'),
  GLOSSARY_FILE: existing('file', 'content/glossary.yaml'),
  STORE_URL: optional
    .default('sqlite://data/bot.sqlite')
    .refine((v) => v === undefined || /^(sqlite|redis|rediss|postgres|postgresql|memory):/.test(v), {
      message: 'must start with sqlite://, redis://, postgresql:// or memory:',
    }),
  LOG_LEVEL: optional
    .default('info')
    .refine((v) => v === undefined || ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v), {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  TZ_DEFAULT: optional.default('Asia/Seoul').refine((v) => v === undefined || isValidTimeZone(v), {
    message: 'must be an IANA time zone such as Asia/Seoul',
  }),
  NOTES_BASE_URL: webUrl('https://blog.example.com/posts'),
  QUIZ_TICK_CRON: optional.default('* * * * *').refine((v) => v === undefined || cron.validate(v), {
    message: 'must be a cron expression such as "* * * * *"',
  }),
  HEALTH_PORT: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(65535))
      .optional(),
  ),
  SHARD_COUNT: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of shards, at least 1')
      .transform(Number)
      .pipe(z.number().int().min(1).max(4096))
      .optional(),
  ),
  NOTES_SOURCES: optional,
  SOURCES_CACHE_DIR: optional.default('data/sources'),
  SOURCES_SYNC_MINUTES: optional.default('30').pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of minutes (0 turns the timer off)')
      .transform(Number)
      .pipe(z.number().int().min(0).max(7 * 24 * 60)),
  ),
  NODE_ENV: optional,
});

/** Reads the environment once; lists every problem at once, naming each variable. Never echoes the token. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  const v = parsed.success ? parsed.data : undefined;
  let sources: SourceSpec[] | undefined;
  const sourcesFile = env.NOTES_SOURCES?.trim() || undefined;
  if (sourcesFile) {
    try {
      sources = readSourcesFile(sourcesFile);
    } catch (error) {
      if (!(error instanceof SourcesError)) throw error;
      problems.push(...error.problems.map((p) => `NOTES_SOURCES (${sourcesFile}): ${p}`));
    }
  }
  if (env.DISCORD_TOKEN?.trim() && !env.DISCORD_CLIENT_ID?.trim()) {
    problems.push(
      'DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set (the application id from the Developer Portal)',
    );
  }
  if (problems.length > 0 || !v) throw new ConfigError(problems);
  return {
    discordToken: v.DISCORD_TOKEN,
    discordClientId: v.DISCORD_CLIENT_ID,
    discordGuildId: v.DISCORD_GUILD_ID,
    discordApiUrl: v.DISCORD_API_URL,
    contentDir: v.CONTENT_DIR,
    sources,
    sourcesFile,
    sourcesCacheDir: v.SOURCES_CACHE_DIR,
    sourcesSyncMinutes: v.SOURCES_SYNC_MINUTES,
    quizDir: v.QUIZ_DIR,
    glossaryFile: v.GLOSSARY_FILE,
    storeUrl: v.STORE_URL,
    logLevel: v.LOG_LEVEL,
    tzDefault: v.TZ_DEFAULT,
    notesBaseUrl: v.NOTES_BASE_URL?.replace(/\/+$/, ''),
    quizTickCron: v.QUIZ_TICK_CRON,
    healthPort: v.HEALTH_PORT,
    shardCount: v.SHARD_COUNT,
    production: v.NODE_ENV === 'production',
  };
}
