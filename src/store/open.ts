import { openMemory } from './backend/memory.js';
import { openPostgres } from './backend/postgres.js';
import { openRedis } from './backend/redis.js';
import { maskUrl, type OpenStoreOptions, type Store } from './backend/shared.js';
import { openSqlite } from './backend/sqlite.js';

export { DEFAULT_NAMESPACE, maskUrl, type OpenStoreOptions, type Store } from './backend/shared.js';

/**
 * Opens the keyv store named by STORE_URL, one file per backend in `backend/`:
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
  if (scheme === 'memory') return openMemory(namespace);
  if (scheme === 'sqlite') return openSqlite(url, options);
  if (scheme === 'redis' || scheme === 'rediss') return openRedis(url, options);
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgres(url, options);
  throw new Error(
    `STORE_URL ${maskUrl(url)}: unsupported; use sqlite://path/to/file.sqlite, redis://host:6379, ` +
      'postgresql://user:password@host:5432/db or memory:',
  );
}

export async function closeStore(store: Store): Promise<void> {
  await store.disconnect();
}
