import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import {
  CONNECT_TIMEOUT_MS,
  DEFAULT_NAMESPACE,
  maskUrl,
  openDeadline,
  openError,
  type OpenStoreOptions,
  probe,
  type Store,
  within,
} from './shared.js';

/**
 * `redis://[user:password@]host:port[/db]` or `rediss://` (TLS): keys `studybot::u:...`,
 * tried with a probe before use.
 */
export async function openRedis(url: string, options: OpenStoreOptions): Promise<Store> {
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
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number; TYPE: string },
  ): Promise<{ cursor: unknown; keys: string[] }>;
  mGet(keys: string[]): Promise<(string | null | undefined)[]>;
}

/**
 * Every string key under `<namespace>::`, 1,000 per SCAN; errors propagate
 * (a partial scan must not pass for a full one).
 */
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
