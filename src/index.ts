import { createApp } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { runConsole } from './console/console.js';
import { createLogger } from './logger.js';

/** Entry point: with a token, connect to Discord; without one, the offline console. `--check` validates and exits. */
async function main(argv: string[]): Promise<number> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const interactive = process.stdin.isTTY === true;
  // the console is for reading answers: only warnings reach the terminal unless LOG_LEVEL asks for more
  const quietConsole = !config.discordToken && !process.env.LOG_LEVEL;
  const logger = createLogger({
    level: quietConsole ? 'warn' : config.logLevel,
    pretty: !config.production && process.stderr.isTTY === true,
    secrets: [config.discordToken],
  });
  const app = await createApp(config, { logger });

  if (argv.includes('--check')) {
    const library = app.library.current;
    console.log(
      `ok: ${library.corpus.notes.length} notes, ${library.corpus.sections.length} sections indexed in ${Math.round(library.buildMs)} ms` +
        `${library.corpus.warnings.length ? `, ${library.corpus.warnings.length} files skipped` : ''}; ` +
        `mode: ${config.discordToken ? 'discord' : 'offline console'}`,
    );
    return library.corpus.notes.length > 0 ? 0 : 1;
  }

  if (config.discordToken) {
    const { startDiscord } = await import('./discord/client.js');
    await startDiscord(app);
    return -1; // keep running until a signal
  }

  console.error('DISCORD_TOKEN is not set: starting the offline console (same commands, in this terminal).');
  await runConsole(app, { input: process.stdin, output: process.stdout, interactive, locale: process.env.BOT_LOCALE ?? 'ko' });
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
