import type Keyv from 'keyv';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.js';

/**
 * What every backend shares: the options of openStore, the start-up probe, timeouts
 * and errors that never show a password.
 */

export type Store = Keyv;

/**
 * Key prefix on the shared servers (Redis, PostgreSQL). Fixed, so every process of
 * one bot (shards, restarts) reads and writes the same keys.
 */
export const DEFAULT_NAMESPACE = 'studybot';

export interface OpenStoreOptions {
  logger?: Logger;
  /**
   * SQLite `synchronous` pragma. NORMAL (default) with WAL keeps every committed
   * write across a process crash (kill -9); FULL also survives power loss, slower.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * Key namespace, letters, digits and '-' only. Redis and PostgreSQL default to
   * DEFAULT_NAMESPACE; SQLite and memory keep keyv's own default ('keyv') so existing
   * files still load. Tests pass their own to stay apart on a shared server.
   */
  namespace?: string;
  /** how long connecting to Redis / PostgreSQL may take before open fails (ms) */
  connectTimeoutMs?: number;
  /**
   * how long, once connected, open waits for the server's first replies (ms): a listener that
   * accepts and never answers (a wrong port, a stuck proxy) must fail the start, not hang it
   */
  replyTimeoutMs?: number;
}

/** The URL with its password (user info or `?password=`) replaced by ***, for logs and error messages. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // not a URL the WHATWG parser accepts: blank anything between ':' and '@' after '//'
    return url.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@');
  }
}

export const CONNECT_TIMEOUT_MS = 5000;
const REPLY_TIMEOUT_MS = 5000;

/** connect plus first replies: the most an open of Redis or PostgreSQL may take */
export const openDeadline = (options: OpenStoreOptions) =>
  (options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS) + (options.replyTimeoutMs ?? REPLY_TIMEOUT_MS);

/**
 * A write, a read and a delete of a key of this process only (no other process writes it;
 * parseKey ignores it; the TTL removes it if we crash in between).
 */
export async function probe(keyv: Keyv): Promise<void> {
  const key = `probe:${process.pid}:${randomUUID()}`;
  const value = { at: Date.now() };
  await keyv.set(key, value, 60_000);
  const back = (await keyv.get(key)) as { at?: number } | undefined;
  await keyv.delete(key);
  if (back?.at !== value.at) throw new Error('a value written could not be read back');
}

/** `work()`, or a rejection once `ms` have passed without its result */
export async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function closeQuietly(keyv: Keyv): Promise<void> {
  try {
    await keyv.disconnect();
  } catch {
    // already failing: the open error is the one to report
  }
}

/** `STORE_URL <masked>: cannot use Redis (ECONNREFUSED 127.0.0.1:6390)`, with the password never in it */
export function openError(url: string, what: string, err: unknown): Error {
  let password = '';
  try {
    const parsed = new URL(url);
    password = decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  } catch {
    // unparsable: maskUrl still hides it in the URL shown
  }
  let reason = describeError(err);
  if (password) reason = reason.split(password).join('***');
  return new Error(
    `STORE_URL ${maskUrl(url)}: cannot use ${what} (${reason}); check the URL and that the server is reachable`,
  );
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  // a refused 'localhost' is an AggregateError (IPv6 and IPv4) with an empty message
  const inner = err instanceof AggregateError ? err.errors.map(describeError).join('; ') : '';
  const cause = err.cause instanceof Error ? describeError(err.cause) : '';
  const text = [err.message, inner, cause].filter(Boolean).join(': ');
  return text || (typeof code === 'string' ? code : err.name);
}
