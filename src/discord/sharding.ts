import type { ChildProcess } from 'node:child_process';
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
  /** how long one shard may take to become ready before the start fails (60 s) */
  readyTimeoutMs?: number;
}

export interface Shards {
  manager: ShardingManager;
  /** every shard's client has been ready at least once and none has died since */
  ready(): boolean;
  /**
   * Resolves when a shard, after the start, reports that it cannot run (its token was revoked):
   * respawning it would fail the same way, so the manager should stop and exit non-zero.
   */
  fatal: Promise<Error>;
  /** SIGTERM to every shard (each stops gracefully), resolved once all have exited */
  stop(): Promise<void>;
}

/**
 * discord.js's ShardingManager: one bot process per shard, each holding the
 * servers with (guild_id >> 22) % count = its id. The count is always given:
 * 'auto' would ask Discord's real host (see DISCORD-WIRE.md).
 */
export async function startShards(
  config: Pick<Config, 'discordToken' | 'shardCount'>,
  options: ShardsOptions,
  logger: Logger,
): Promise<Shards> {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN: required to run shards');
  if (!config.shardCount) throw new Error("SHARD_COUNT: required to run shards (a number; 'auto' is not used)");
  const manager = new ShardingManager(options.file, {
    token: config.discordToken,
    totalShards: config.shardCount,
    mode: 'process',
    // off until every shard was ready once: a shard that cannot start (a rejected token) would be respawned forever
    respawn: false,
    execArgv: options.execArgv ?? [],
  });
  const alive = new Set<number>();
  /** why a shard said it cannot run (see reportFatal), by shard id */
  const reasons = new Map<number, string>();
  const children = new Map<number, ChildProcess>();
  let started = false;
  let reportFatal: (error: Error) => void = () => {};
  const fatal = new Promise<Error>((resolve) => (reportFatal = resolve));
  manager.on('shardCreate', (shard: Shard) => {
    logger.info({ shard: shard.id, of: config.shardCount }, 'shard started');
    shard.on('spawn', (child) => void children.set(shard.id, child as ChildProcess)); // mode 'process'
    shard.on('ready', () => {
      alive.add(shard.id);
      logger.info({ shard: shard.id }, 'shard ready');
    });
    shard.on('death', () => {
      alive.delete(shard.id);
      logger.warn({ shard: shard.id }, 'shard process exited');
    });
    shard.on('message', (message: unknown) => {
      const reason = fatalReason(message);
      if (reason === undefined) return;
      reasons.set(shard.id, reason);
      // after the start, a shard that cannot log in any more (token revoked) stops the manager too
      if (started) reportFatal(new Error(`shard ${shard.id} cannot run: ${reason}`));
    });
  });
  const stop = async () => {
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
  };
  try {
    await manager.spawn({
      amount: config.shardCount,
      delay: options.delayMs ?? 5500,
      timeout: options.readyTimeoutMs ?? 60_000,
    });
  } catch (error) {
    await stop();
    // the dead shard's last message (its reason) may still be on its way: wait for its channel to close
    await Promise.all([...children.values()].map((child) => closed(child, 2000)));
    const why = [...reasons].map(([id, reason]) => `shard ${id}: ${reason}`).join('; ');
    throw new Error(`a shard could not start (${why || (error instanceof Error ? error.message : String(error))})`);
  }
  started = true;
  manager.respawn = true;
  return {
    manager,
    ready: () => alive.size === config.shardCount,
    fatal,
    stop,
  };
}

/** The message a shard process sends its manager before it exits because it cannot run (see index.ts). */
export interface FatalMessage {
  studybotFatal: string;
}

function fatalReason(message: unknown): string | undefined {
  const reason = (message as Partial<FatalMessage> | null)?.studybotFatal;
  return typeof reason === 'string' ? reason : undefined;
}

/** resolves once the child's stdio and IPC channel are closed, or after `ms` */
function closed(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (!child.connected) {
      clearTimeout(timer);
      resolve();
    }
  });
}
