import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis, { createClient } from '@keyv/redis';
import KeyvPostgres from '@keyv/postgres';
import type { Logger } from '../logger.js';

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

/**
 * Opens the keyv store named by STORE_URL:
 * - `sqlite://path/to/file.sqlite` (the folder is created; the default),
 * - `redis://[user:password@]host:port[/db]` or `rediss://` (TLS),
 * - `postgresql://user:password@host:port/db` or `postgres://`,
 * - `memory:` (tests).
 * Errors are thrown, never swallowed: an answer is acknowledged only after set()
 * really reached the database. Redis and PostgreSQL are tried with a write, a
 * read and a delete before this resolves, so a wrong URL fails at start-up.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const scheme = /^([a-z]+):/.exec(url)?.[1];
  const namespace = options.namespace;
  if (namespace !== undefined && !/^[A-Za-z0-9-]+$/.test(namespace)) {
    // ':' would break keyv's prefix stripping, '_' and '%' are LIKE wildcards in @keyv/postgres' clear()
    throw new Error(`store namespace ${JSON.stringify(namespace)}: use letters, digits and '-' only`);
  }
  if (scheme === 'memory') {
    const keyv = new Keyv({ throwOnErrors: true, ...(namespace ? { namespace } : {}) });
    return keyv;
  }
  if (scheme === 'sqlite') {
    const file = url.replace(/^sqlite:\/\//, '');
    if (file === '' || file === url) throw new Error(`STORE_URL ${url}: expected sqlite://path/to/file.sqlite`);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    // iterationLimit: the adapter pages its iterator with LIMIT/OFFSET; big pages keep the start-up scan linear enough
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000, iterationLimit: 2000 });
    const keyv = new Keyv({ store: adapter, throwOnErrors: true, ...(namespace ? { namespace } : {}) });
    keyv.on('error', (err: unknown) => options.logger?.error({ err }, 'store error'));
    // WAL: a commit is one append, readers never block the writer
    await adapter.query('PRAGMA journal_mode=WAL');
    await adapter.query(`PRAGMA synchronous=${options.synchronous ?? 'NORMAL'}`);
    return keyv;
  }
  if (scheme === 'redis' || scheme === 'rediss') return openRedis(url, options);
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgres(url, options);
  throw new Error(
    `STORE_URL ${maskUrl(url)}: unsupported; use sqlite://path/to/file.sqlite, redis://host:6379, postgresql://user:password@host:5432/db or memory:`,
  );
}

export async function closeStore(store: Store): Promise<void> {
  await store.disconnect();
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

const CONNECT_TIMEOUT_MS = 5000;
const REPLY_TIMEOUT_MS = 5000;

/** connect plus first replies: the most an open of Redis or PostgreSQL may take */
const openDeadline = (options: OpenStoreOptions) => (options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS) + (options.replyTimeoutMs ?? REPLY_TIMEOUT_MS);

// ---- Redis -------------------------------------------------------------------

async function openRedis(url: string, options: OpenStoreOptions): Promise<Store> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  let client: ReturnType<typeof redisClient>;
  let connected = false;
  try {
    client = redisClient(url, options, () => connected);
  } catch (err) {
    // a URL node-redis cannot parse: its error would quote the URL, password included
    throw openError(url, 'Redis', err);
  }
  // throwOnErrors on the adapter too: by default @keyv/redis only emits a failed set() and returns,
  // and keyv would then report the write as done
  const adapter = new KeyvRedis(client, { namespace, throwOnErrors: true, throwOnConnectError: true });
  // useKeyPrefix false: the adapter prefixes keys itself (`studybot::u:...`)
  const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', (err: unknown) => options.logger?.error({ err }, 'store error'));
  // the adapter's iterator SCANs 10 keys per round trip; the start-up scan reads every record
  keyv.iterator = keyv.generateIterator((ns?: string) => scanRedis(client, ns ?? namespace));
  try {
    await within(openDeadline(options), async () => {
      await client.connect();
      connected = true;
      await probe(keyv);
    });
  } catch (err) {
    // destroy, not QUIT: a silent server would never answer it
    try {
      client.destroy();
    } catch {
      // already closed
    }
    throw openError(url, 'Redis', err);
  }
  options.logger?.info({ store: maskUrl(url), namespace }, 'store connected');
  return keyv;
}

function redisClient(url: string, options: OpenStoreOptions, connected: () => boolean) {
  return createClient({
    url,
    // while the connection is down commands fail at once instead of queueing until it is back:
    // an answer then errors (the user can click again) instead of hanging past Discord's deadline
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      // the first connect fails fast (a wrong URL stops the start); later drops retry with a capped backoff
      reconnectStrategy: (retries: number, cause: Error) => (connected() ? Math.min(100 * 2 ** retries, 3000) : cause),
    },
  });
}

/** The two commands the scan needs (node-redis' own client type does not survive its generics here). */
interface RedisScan {
  scan(cursor: string, options: { MATCH: string; COUNT: number; TYPE: string }): Promise<{ cursor: unknown; keys: string[] }>;
  mGet(keys: string[]): Promise<(string | null | undefined)[]>;
}

/** Every string key under `<namespace>::`, 1,000 per SCAN; errors propagate (a partial scan must not pass for a full one). */
async function* scanRedis(client: RedisScan, namespace: string): AsyncGenerator<[string, string]> {
  const prefix = `${namespace}::`;
  let cursor = '0';
  do {
    const page = await client.scan(cursor, { MATCH: `${prefix}*`, COUNT: 1000, TYPE: 'string' });
    cursor = String(page.cursor);
    if (page.keys.length === 0) continue;
    const values = await client.mGet(page.keys);
    for (const [i, key] of page.keys.entries()) {
      const value = values[i];
      // deleted between SCAN and MGET
      if (typeof value === 'string') yield [key.slice(prefix.length), value];
    }
  } while (cursor !== '0');
}

// ---- PostgreSQL ----------------------------------------------------------------

/** The parts of pg's Pool used here (pg ships no types; it is @keyv/postgres' own dependency). */
interface PgPool {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: 'error', listener: (err: Error) => void): void;
  end(): Promise<void>;
}
type PgModule = { Pool: new (config: Record<string, unknown>) => PgPool };

/** pg, resolved from @keyv/postgres (whose dependency it is), so no hoisting is assumed */
function loadPg(): PgModule {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('@keyv/postgres'))('pg') as PgModule;
}

const PG_PAGE = 1000;
const pools = new WeakMap<object, PgPool>();

/**
 * @keyv/postgres with three fixes:
 * - its pool is one per module, shared by every store and ended by the first disconnect; here each store owns one;
 * - its pool has no 'error' listener, so a restart of PostgreSQL (idle connections dropped) would crash
 *   the process; here the error is emitted on the adapter, which keyv passes to the logger;
 * - its iterator reports a failed page as an 'error' event and just stops, which would rebuild partial
 *   leaderboards; here it throws, and reads 1,000 rows per query instead of 10.
 */
class PostgresAdapter extends KeyvPostgres {
  // connect() runs inside super(): no class fields (they would be set after it), the pool goes in a WeakMap
  override async connect(): Promise<(sql: string, values?: unknown[]) => Promise<Record<string, unknown>[]>> {
    const pool = new (loadPg().Pool)({
      connectionString: this.opts.uri,
      max: this.opts.max ?? 10,
      connectionTimeoutMillis: this.opts.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS,
    });
    pool.on('error', (err) => this.emit('error', err));
    pools.set(this, pool);
    return async (sql, values) => (await pool.query(sql, values)).rows;
  }

  override async disconnect(): Promise<void> {
    const pool = pools.get(this);
    pools.delete(this);
    await pool?.end();
  }

  override async *iterator(namespace?: string): AsyncGenerator<string[], void, unknown> {
    const table = `${quoteIdent(this.opts.schema ?? 'public')}.${quoteIdent(this.opts.table ?? 'keyv')}`;
    const pattern = namespace ? `${namespace.replace(/[%_\\]/g, '\\$&')}:%` : '%';
    // keyset pagination: each page starts after the last key of the previous one
    let after = '';
    for (;;) {
      const rows = (await this.query(`SELECT key, value FROM ${table} WHERE key LIKE $1 AND key > $2 ORDER BY key LIMIT $3`, [
        pattern,
        after,
        PG_PAGE,
      ])) as { key: string; value: string }[];
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PG_PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  let adapter: PostgresAdapter;
  try {
    // one table `keyv` (key VARCHAR(255) PRIMARY KEY, value TEXT), created if missing; set() is an upsert
    adapter = new PostgresAdapter({ uri: url, connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS });
  } catch (err) {
    throw openError(url, 'PostgreSQL', err);
  }
  // keys are `studybot:u:...` (keyv's own prefix)
  const keyv = new Keyv({ store: adapter, namespace, throwOnErrors: true });
  keyv.on('error', (err: unknown) => options.logger?.error({ err }, 'store error'));
  try {
    await within(openDeadline(options), () => probe(keyv));
  } catch (err) {
    // bounded too: ending a pool waits for a query a silent server never answers
    await within(1000, () => closeQuietly(keyv)).catch(() => {});
    throw openError(url, 'PostgreSQL', err);
  }
  options.logger?.info({ store: maskUrl(url), namespace }, 'store connected');
  return keyv;
}

// ---- shared --------------------------------------------------------------------

/**
 * A write, a read and a delete of a key of this process only (no other process writes it;
 * parseKey ignores it; the TTL removes it if we crash in between).
 */
async function probe(keyv: Keyv): Promise<void> {
  const key = `probe:${process.pid}:${randomUUID()}`;
  const value = { at: Date.now() };
  await keyv.set(key, value, 60_000);
  const back = (await keyv.get(key)) as { at?: number } | undefined;
  await keyv.delete(key);
  if (back?.at !== value.at) throw new Error('a value written could not be read back');
}

/** `work()`, or a rejection once `ms` have passed without its result */
async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
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

async function closeQuietly(keyv: Keyv): Promise<void> {
  try {
    await keyv.disconnect();
  } catch {
    // already failing: the open error is the one to report
  }
}

/** `STORE_URL <masked>: cannot use Redis (ECONNREFUSED 127.0.0.1:6390)`, with the password never in it */
function openError(url: string, what: string, err: unknown): Error {
  let password = '';
  try {
    const parsed = new URL(url);
    password = decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  } catch {
    // unparsable: maskUrl still hides it in the URL shown
  }
  let reason = describeError(err);
  if (password) reason = reason.split(password).join('***');
  return new Error(`STORE_URL ${maskUrl(url)}: cannot use ${what} (${reason}); check the URL and that the server is reachable`);
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
