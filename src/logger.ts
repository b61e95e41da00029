import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Paths pino blanks out wherever they appear, so a token can never reach a log line. */
const REDACT = [
  'token',
  'discordToken',
  'config.discordToken',
  '*.token',
  '*.discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'env.DISCORD_TOKEN',
];

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  /** Anything that must never be logged verbatim (the bot token); scrubbed from every message. */
  secrets?: (string | undefined)[];
  destination?: DestinationStream;
}

/** One pino logger for the process: JSON in production, pretty in a terminal while developing. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[REDACTED]'), text);
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT, censor: '[REDACTED]' },
    // Scrubbed in the finished line, after pino serialised errors (message, stack, cause): values under
    // unexpected keys (an error message quoting the token) are caught without touching the objects.
    ...(secrets.length ? { hooks: { streamWrite: scrub } } : {}),
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    // synchronous, in this thread: a line is on stderr before the next console reply is on stdout
    return pino(
      base,
      pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss', colorize: process.stderr.isTTY === true }),
    );
  }
  return pino(base, pino.destination(2));
}
