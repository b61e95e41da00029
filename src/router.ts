import type { App } from './app.js';
import {
  type Choice,
  type Command,
  type CommandContext,
  type CommandServices,
  isAdminCall,
  type OptionValue,
  REFUSALS,
  UserError,
} from './command.js';
import { langFromLocale, t } from './i18n.js';
import type { Logger } from './logger.js';
import type { Reply } from './reply.js';
import { LIMITS, truncate } from './reply.js';

/** Who is asking, where: the part of every interaction both adapters can fill in. */
export interface Caller {
  userId: string;
  userName: string;
  guildId: string | null;
  channelId: string | null;
  locale: string | null | undefined;
  canManageGuild: boolean;
  /** the member's roles in this server, as Discord sends them with the interaction */
  roleIds?: readonly string[];
}

export type Request =
  | { kind: 'command'; name: string; subcommand: string | null; options: Record<string, OptionValue | undefined> }
  | {
      kind: 'autocomplete';
      name: string;
      subcommand: string | null;
      options: Record<string, OptionValue | undefined>;
      focused: { name: string; value: string };
    }
  | { kind: 'button'; customId: string }
  /** a submitted form (Discord modal submit): its id and the text of each field */
  | { kind: 'form'; customId: string; values: Record<string, string> };

const MESSAGES = {
  unknownCommand: {
    ko: '알 수 없는 명령이에요: `/{name}`. `/help`로 명령 목록을 볼 수 있어요.',
    en: 'Unknown command `/{name}`. Try `/help` for the list.',
  },
  unknownButton: { ko: '이 버튼은 더 이상 쓸 수 없어요.', en: 'This button no longer works.' },
  failed: {
    ko: '처리하는 중에 문제가 생겼어요. 잠시 후 다시 시도해 주세요.',
    en: 'Something went wrong while handling that. Please try again in a moment.',
  },
};

export function findCommand(commands: readonly Command[], name: string): Command | undefined {
  return commands.find((c) => c.data.name === name);
}

export function contextFor(
  app: App,
  caller: Caller,
  subcommand: string | null,
  options: Record<string, OptionValue | undefined>,
  log: Logger = interactionLogger(app, caller, null, 'command'),
): CommandContext {
  return { app: commandServices(app), lang: langFromLocale(caller.locale), ...caller, subcommand, options, log };
}

/** The part of the app a command may use. */
function commandServices(app: App): CommandServices {
  return { library: app.library, quiz: app.quiz, notesBaseUrl: app.config.notesBaseUrl, commands: app.commands };
}

/** every log line about an interaction names where it came from */
function interactionLogger(app: App, caller: Caller, command: string | null, kind: Request['kind']): Logger {
  return app.logger.child({
    command,
    userId: caller.userId,
    guildId: caller.guildId,
    channelId: caller.channelId,
    kind,
  });
}

/**
 * The one entry point for everything a user does, with the one error boundary:
 * an unexpected error is logged with the command, user and guild, and the user
 * gets a short ephemeral message in their language instead of silence.
 */
export async function route(app: App, caller: Caller, request: Request): Promise<Reply | Choice[]> {
  const lang = langFromLocale(caller.locale);
  const name =
    request.kind === 'button' || request.kind === 'form' ? (request.customId.split(':')[0] ?? '') : request.name;
  const command = findCommand(app.commands, name);
  const log = interactionLogger(app, caller, name, request.kind);
  // unknown names are user input: one label for all of them keeps the metric's cardinality bounded
  const count = (outcome: string) =>
    app.metrics.interactions.inc({ command: command ? name : '(unknown)', kind: request.kind, outcome });
  try {
    if (request.kind === 'autocomplete') {
      if (!command?.autocomplete || (command.guildOnly && !caller.guildId)) return [];
      const ctx = contextFor(app, caller, request.subcommand, request.options, log);
      const choices = await command.autocomplete(ctx, request.focused);
      count('served');
      return choices
        .slice(0, LIMITS.choices)
        .map((c) => ({ name: truncate(c.name, LIMITS.choiceName), value: c.value.slice(0, 100) }));
    }
    if (caller.guildId) {
      // pictures cannot show a mention: the name is kept (written only when it changed, so almost
      // always no write at all), awaited so that a shutdown never closes the store under it; never fatal
      await app.quiz.habits
        .rememberName(caller.guildId, caller.userId, caller.userName)
        .catch((err: unknown) => log.warn({ err }, 'remembering the member name failed'));
    }
    if (request.kind === 'button') {
      if (!command?.button) {
        log.warn({ customId: request.customId }, 'unknown button');
        count('unknown');
        return { content: t(lang, MESSAGES.unknownButton), ephemeral: true };
      }
      const args = request.customId.split(':').slice(1);
      // a button in a DM may name its server (a review reminder); in a server, the server is the one it is in
      const guildId = caller.guildId ?? command.buttonGuild?.(args) ?? null;
      if (command.guildOnly && !guildId) throw new UserError(t(lang, REFUSALS.guildOnly));
      const ctx = contextFor(app, { ...caller, guildId }, null, {}, log);
      const reply = await command.button(ctx, args);
      count('served');
      return reply;
    }
    if (request.kind === 'form') {
      if (!command?.form) {
        log.warn({ customId: request.customId }, 'unknown form');
        count('unknown');
        return { content: t(lang, MESSAGES.unknownButton), ephemeral: true };
      }
      if (command.guildOnly && !caller.guildId) throw new UserError(t(lang, REFUSALS.guildOnly));
      const ctx = contextFor(app, caller, null, {}, log);
      // the values are member text: never logged here
      const reply = await command.form(ctx, request.customId.split(':').slice(1), request.values);
      count('served');
      return reply;
    }
    if (!command) {
      log.warn('unknown command');
      count('unknown');
      return { content: t(lang, MESSAGES.unknownCommand, { name: truncate(name, 40) }), ephemeral: true };
    }
    const admin = isAdminCall(command, request.subcommand);
    if ((admin || command.guildOnly) && !caller.guildId) throw new UserError(t(lang, REFUSALS.guildOnly));
    if (admin && !caller.canManageGuild) {
      log.warn('admin command refused');
      count('refused');
      return { content: t(lang, REFUSALS.adminOnly), ephemeral: true };
    }
    const reply = await command.execute(contextFor(app, caller, request.subcommand, request.options, log));
    log.info('command served');
    count('served');
    return reply;
  } catch (error) {
    if (error instanceof UserError) {
      count('user_error');
      return { content: error.message, ephemeral: true };
    }
    log.error({ err: error }, 'command failed');
    count('failed');
    if (request.kind === 'autocomplete') return [];
    return { content: t(lang, MESSAGES.failed), ephemeral: true };
  }
}
