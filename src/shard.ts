import { fileURLToPath } from 'node:url';
import { readConfigOrReport } from './config.js';
import { startShards } from './discord/sharding.js';
import { startHealthServer } from './health.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

/**
 * `npm run start:sharded`: SHARD_COUNT bot processes under discord.js's
 * ShardingManager, sharing the store named by STORE_URL (Redis or PostgreSQL
 * when the shards run on several machines). This process serves HEALTH_PORT
 * for all of them: ready when every shard is.
 */
async function main(): Promise<number> {
  const config = readConfigOrReport();
  if (!config) return 1;
  const logger = createLogger({
    level: config.logLevel,
    pretty: !config.production && process.stderr.isTTY === true,
    secrets: [config.discordToken],
  });
  if (!config.discordToken || !config.shardCount) {
    console.error(
      'start:sharded needs DISCORD_TOKEN and SHARD_COUNT (for example SHARD_COUNT=2); `npm start` runs one process.',
    );
    return 1;
  }
  if (config.storeUrl.startsWith('sqlite:') && config.shardCount > 1) {
    logger.warn(
      'several shard processes share one SQLite file: fine on one machine; ' +
        'use redis:// or postgresql:// across machines',
    );
  }
  // dist/src/index.js beside dist/src/shard.js; src/index.ts when run from source (tsx, tests)
  const entry = fileURLToPath(import.meta.url).replace(/shard\.(ts|js)$/, 'index.$1');
  const shards = await startShards(config, { file: entry, execArgv: process.execArgv }, logger);
  const metrics = createMetrics();
  const health = config.healthPort
    ? await startHealthServer({
        port: config.healthPort,
        registry: metrics.registry,
        logger,
        checks: {
          shards: () =>
            shards.ready()
              ? { ok: true, detail: `${config.shardCount} shards ready` }
              : { ok: false, detail: 'a shard is not ready' },
        },
      })
    : null;
  const stop = (signal: string, code = 0) => {
    logger.info({ signal }, 'stopping all shards');
    void Promise.allSettled([health?.close(), shards.stop()]).then(() => process.exit(code));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  void shards.fatal.then((error) => {
    console.error(error.message);
    stop('fatal', 1);
  });
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
