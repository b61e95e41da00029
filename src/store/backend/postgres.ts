import { createRequire } from 'node:module';
import KeyvPostgres from '@keyv/postgres';
import Keyv from 'keyv';
import {
  CONNECT_TIMEOUT_MS,
  closeQuietly,
  DEFAULT_NAMESPACE,
  maskUrl,
  openDeadline,
  openError,
  type OpenStoreOptions,
  probe,
  type Store,
  within,
} from './shared.js';

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
      const rows = (await this.query(
        `SELECT key, value FROM ${table} WHERE key LIKE $1 AND key > $2 ORDER BY key LIMIT $3`,
        [pattern, after, PG_PAGE],
      )) as { key: string; value: string }[];
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PG_PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `postgresql://user:password@host:port/db` or `postgres://`: one table `keyv`, tried with a probe before use. */
export async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  let adapter: PostgresAdapter;
  try {
    // one table `keyv` (key VARCHAR(255) PRIMARY KEY, value TEXT), created if missing; set() is an upsert
    adapter = new PostgresAdapter({
      uri: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    });
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
