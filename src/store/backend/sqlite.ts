import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { OpenStoreOptions, Store } from './shared.js';

/** `sqlite://path/to/file.sqlite` (the folder is created; the default): WAL, `synchronous` as asked. */
export async function openSqlite(url: string, options: OpenStoreOptions): Promise<Store> {
  const namespace = options.namespace;
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
