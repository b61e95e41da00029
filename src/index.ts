import { commands } from '../commands/index.js';
import { createApp } from './app.js';
import { readConfigOrReport } from './config.js';
import { MemoryDirectMessages } from './habits/direct.js';
import { CONSOLE_CALLER, createScreen, runConsole } from './console/console.js';
import type { FatalMessage } from './discord/sharding.js';
import { consoleQuizChannel } from './scheduler/quiz-channel.js';
import { createLogger } from './logger.js';
import { formatSources, readinessChecks, sourceStatuses, startHealthServer } from './health.js';
import { createMetrics } from './metrics.js';

/** Entry point: with a token, connect to Discord; without one, the offline console. `--check` validates and exits. */
async function main(argv: string[]): Promise<number> {
  const config = readConfigOrReport();
  if (!config) return 1;
  const interactive = process.stdin.isTTY === true;
  // the console's transcript is stdout: logs stay on stderr, readable, warnings and worse only
  const logger = createLogger(
    config.discordToken
      ? {
          level: config.logLevel,
          pretty: !config.production && process.stderr.isTTY === true,
          secrets: [config.discordToken],
        }
      : { level: consoleLogLevel(config.logLevel), pretty: true },
  );
  // Discord's client exists before the app so the quiz scheduler can post through it
  const discord = config.discordToken && !argv.includes('--check') ? await import('./discord/client.js') : null;
  const client = discord?.createClient(config) ?? null;
  const screen = createScreen(process.stdout, interactive);
  // offline, the daily quiz is "posted" to the terminal, and its buttons can be pressed like any reply's
  const gateway = client
    ? (await import('./discord/quiz-channel.js')).discordQuizChannel(client)
    : consoleQuizChannel(CONSOLE_CALLER.channelId!, (event, message, reply) =>
        screen.show(reply, `[${event === 'post' ? 'posted in' : 'edited in'} #${message.channelId}]`),
      );
  const app = await createApp(config, {
    logger,
    commands,
    gateway,
    metrics: createMetrics(),
    ownsGuild: client && discord ? discord.guildOwner(client) : undefined,
    // review reminders: members' DMs, or the terminal offline
    directMessages: client
      ? (await import('./discord/direct-messages.js')).discordDirectMessages(client)
      : new MemoryDirectMessages((userId, reply) => screen.show(reply, `[DM to ${userId}]`)),
  });

  if (argv.includes('--check')) {
    const library = app.library.current;
    console.log(
      `ok: ${library.corpus.notes.length} notes, ${library.corpus.sections.length} sections indexed ` +
        `in ${Math.round(library.buildMs)} ms` +
        `${library.corpus.warnings.length ? `, ${library.corpus.warnings.length} files skipped` : ''}; ` +
        `${app.questionCount} quiz questions; store ${config.storeUrl.split(':')[0]} open; ` +
        `mode: ${config.discordToken ? 'discord' : 'offline console'}`,
    );
    for (const line of formatSources(sourceStatuses(app))) console.log(line);
    await app.close();
    return library.corpus.notes.length > 0 && app.questionCount > 0 ? 0 : 1;
  }

  // probes for Docker and Kubernetes; in Discord mode "ready" also means the gateway session is up
  // a shard process started by `npm run start:sharded` leaves the port to its manager, which reports for all shards
  const health =
    config.healthPort && !process.env.SHARDING_MANAGER
      ? await startHealthServer({
          port: config.healthPort,
          registry: app.metrics.registry,
          logger,
          checks: readinessChecks(app, {
            gateway: () =>
              client
                ? client.isReady()
                  ? { ok: true }
                  : { ok: false, detail: 'not connected to the Discord gateway' }
                : { ok: true, detail: 'offline console' },
          }),
        })
      : null;

  if (discord && client) {
    await discord.startDiscord(app, client);
    return -1; // keep running until a signal
  }

  console.error('DISCORD_TOKEN is not set: starting the offline console (same commands, in this terminal).');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // bounded: a stuck close must not keep a process nobody can talk to
    const late = new Promise((resolve) => setTimeout(resolve, 5000).unref());
    void Promise.race([Promise.allSettled([health?.close(), app.close()]), late]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  // the reader went away (`| head -3`): nobody reads the answers any more, so stop like on SIGTERM
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    process.stdin.destroy();
    stop();
  });
  app.quiz.scheduler.start();
  app.quiz.habits.start();
  await runConsole(app, { input: process.stdin, screen, interactive, locale: process.env.BOT_LOCALE || 'ko' });
  if (stopping) return -1;
  await health?.close();
  await app.close();
  return 0;
}

/** The console shows warnings and worse, or less when LOG_LEVEL asks for less. */
function consoleLogLevel(level: string): string {
  return ['error', 'fatal', 'silent'].includes(level) ? level : 'warn';
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // a failed start (a rejected token, an unreachable store) leaves nothing worth keeping the process for
    const token = process.env.DISCORD_TOKEN?.trim();
    let reason = error instanceof Error ? error.message : String(error);
    if (token) reason = reason.split(token).join('[REDACTED]');
    console.error(reason);
    // a shard tells its manager why, so the manager stops instead of starting it again and again
    if (process.send && process.env.SHARDING_MANAGER) {
      process.send({ studybotFatal: reason } satisfies FatalMessage, () => process.exit(1));
    } else process.exit(1);
  },
);
