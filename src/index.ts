import { createApp } from './app.js';
import { readConfigOrReport } from './config.js';
import { CONSOLE_CALLER, createScreen, runConsole } from './console/console.js';
import { consoleGateway } from './scheduler/gateway.js';
import { createLogger } from './logger.js';
import { readinessChecks, startHealthServer } from './health.js';
import { createMetrics } from './metrics.js';

/** Entry point: with a token, connect to Discord; without one, the offline console. `--check` validates and exits. */
async function main(argv: string[]): Promise<number> {
  const config = readConfigOrReport();
  if (!config) return 1;
  const interactive = process.stdin.isTTY === true;
  // the console is for reading answers: only warnings reach the terminal unless LOG_LEVEL asks for more
  const quietConsole = !config.discordToken && !process.env.LOG_LEVEL;
  const logger = createLogger({
    level: quietConsole ? 'warn' : config.logLevel,
    pretty: !config.production && process.stderr.isTTY === true,
    secrets: [config.discordToken],
  });
  // Discord's client exists before the app so the quiz scheduler can post through it
  const discord = config.discordToken && !argv.includes('--check') ? await import('./discord/client.js') : null;
  const client = discord?.createClient(config) ?? null;
  const screen = createScreen(process.stdout, interactive);
  // offline, the daily quiz is "posted" to the terminal, and its buttons can be pressed like any reply's
  const gateway = client
    ? (await import('./discord/gateway.js')).discordGateway(client)
    : consoleGateway(CONSOLE_CALLER.channelId!, (event, message, reply) =>
        screen.show(reply, `[${event === 'post' ? 'posted in' : 'edited in'} #${message.channelId}]`),
      );
  const app = await createApp(config, { logger, gateway, metrics: createMetrics(), ownsGuild: client && discord ? discord.guildOwner(client) : undefined });

  if (argv.includes('--check')) {
    const library = app.library.current;
    console.log(
      `ok: ${library.corpus.notes.length} notes, ${library.corpus.sections.length} sections indexed in ${Math.round(library.buildMs)} ms` +
        `${library.corpus.warnings.length ? `, ${library.corpus.warnings.length} files skipped` : ''}; ` +
        `${app.questionCount} quiz questions; store ${config.storeUrl.split(':')[0]} open; ` +
        `mode: ${config.discordToken ? 'discord' : 'offline console'}`,
    );
    await app.close();
    return library.corpus.notes.length > 0 && app.questionCount > 0 ? 0 : 1;
  }

  // probes for Docker and Kubernetes; in Discord mode "ready" also means the gateway session is up
  // a shard process started by `npm run start:sharded` leaves the port to its manager, which reports for all shards
  const health = config.healthPort && !process.env.SHARDING_MANAGER
    ? await startHealthServer({
        port: config.healthPort,
        registry: app.metrics.registry,
        logger,
        checks: readinessChecks(app, {
          gateway: () => (client ? (client.isReady() ? { ok: true } : { ok: false, detail: 'not connected to the Discord gateway' }) : { ok: true, detail: 'offline console' }),
        }),
      })
    : null;

  if (discord && client) {
    await discord.startDiscord(app, client);
    return -1; // keep running until a signal
  }

  console.error('DISCORD_TOKEN is not set: starting the offline console (same commands, in this terminal).');
  process.once('SIGTERM', () => {
    void Promise.allSettled([health?.close(), app.close()]).then(() => process.exit(0));
  });
  app.quiz.scheduler.start();
  await runConsole(app, { input: process.stdin, screen, interactive, locale: process.env.BOT_LOCALE ?? 'ko' });
  await health?.close();
  await app.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
