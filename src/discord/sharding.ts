import { type Shard, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

export interface ShardsOptions {
  /** the bot's entry point each shard process runs (dist/src/index.js) */
  file: string;
  /** node flags for the shard processes (tests run the TypeScript with ['--import', 'tsx']) */
  execArgv?: string[];
  /** pause between shard start-ups; Discord allows one IDENTIFY per 5 s (max_concurrency 1) */
  delayMs?: number;
}

export interface Shards {
  manager: ShardingManager;
  /** every shard's client has been ready at least once and none has died since */
  ready(): boolean;
  /** SIGTERM to every shard (each stops gracefully), resolved once all have exited */
  stop(): Promise<void>;
}

/**
 * discord.js's ShardingManager: one bot process per shard, each holding the
 * servers with (guild_id >> 22) % count = its id. The count is always given:
 * 'auto' would ask Discord's real host (see DISCORD-WIRE.md).
 */
export async function startShards(config: Pick<Config, 'discordToken' | 'shardCount'>, options: ShardsOptions, logger: Logger): Promise<Shards> {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN: required to run shards');
  if (!config.shardCount) throw new Error("SHARD_COUNT: required to run shards (a number; 'auto' is not used)");
  const manager = new ShardingManager(options.file, {
    token: config.discordToken,
    totalShards: config.shardCount,
    mode: 'process',
    respawn: true,
    execArgv: options.execArgv ?? [],
  });
  const alive = new Set<number>();
  manager.on('shardCreate', (shard: Shard) => {
    logger.info({ shard: shard.id, of: config.shardCount }, 'shard started');
    shard.on('ready', () => {
      alive.add(shard.id);
      logger.info({ shard: shard.id }, 'shard ready');
    });
    shard.on('death', () => {
      alive.delete(shard.id);
      logger.warn({ shard: shard.id }, 'shard process exited');
    });
  });
  await manager.spawn({ amount: config.shardCount, delay: options.delayMs ?? 5500, timeout: 60_000 });
  return {
    manager,
    ready: () => alive.size === config.shardCount,
    async stop() {
      // these exits are wanted: no respawn, no warning
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.removeAllListeners('death');
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
