import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from '../logger.js';

export type Store = Keyv;

export interface OpenStoreOptions {
  logger?: Logger;
  /**
   * SQLite `synchronous` pragma. NORMAL (default) with WAL keeps every committed
   * write across a process crash (kill -9); FULL also survives power loss, slower.
   */
  synchronous?: 'NORMAL' | 'FULL';
}

/**
 * Opens the keyv store named by STORE_URL: `sqlite://path/to/file.sqlite` (the
 * folder is created) or `memory:` (tests). Errors are thrown, never swallowed:
 * an answer is acknowledged only after set() really reached the database.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const scheme = /^([a-z]+):/.exec(url)?.[1];
  if (scheme === 'memory') {
    const keyv = new Keyv({ throwOnErrors: true });
    return keyv;
  }
  if (scheme === 'sqlite') {
    const file = url.replace(/^sqlite:\/\//, '');
    if (file === '' || file === url) throw new Error(`STORE_URL ${url}: expected sqlite://path/to/file.sqlite`);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    // iterationLimit: the adapter pages its iterator with LIMIT/OFFSET; big pages keep the start-up scan linear enough
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000, iterationLimit: 2000 });
    const keyv = new Keyv({ store: adapter, throwOnErrors: true });
    keyv.on('error', (err: unknown) => options.logger?.error({ err }, 'store error'));
    // WAL: a commit is one append, readers never block the writer
    await adapter.query('PRAGMA journal_mode=WAL');
    await adapter.query(`PRAGMA synchronous=${options.synchronous ?? 'NORMAL'}`);
    return keyv;
  }
  if (scheme === 'redis' || scheme === 'rediss' || scheme === 'postgres' || scheme === 'postgresql') {
    const pkg = scheme.startsWith('redis') ? '@keyv/redis' : '@keyv/postgres';
    throw new Error(
      `STORE_URL ${scheme}:// is not installed yet: add ${pkg} (npm install ${pkg}) and a branch for it in src/store/open.ts`,
    );
  }
  throw new Error(`STORE_URL ${url}: unsupported; use sqlite://path/to/file.sqlite or memory:`);
}

export async function closeStore(store: Store): Promise<void> {
  await store.disconnect();
}
