import type { Logger } from './logger.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { type Lang, t, type Text } from './i18n.js';
import type { QuizModule } from './quiz/index.js';
import type { Reply } from './reply.js';
import type { LibraryHolder } from './search/library.js';

export type OptionValue = string | number | boolean;

/** The services a command may use: a part of the app, never its store, config or lifecycle. */
export interface CommandServices {
  /** the indexed notes (/ask, /note, /reload) */
  library: LibraryHolder;
  /** the quiz services and the scheduler */
  quiz: QuizModule;
  /** NOTES_BASE_URL, to link a section to the blog */
  notesBaseUrl: string | undefined;
  /** the commands this app serves (/help) */
  commands: readonly Command[];
}

/** What a command receives: plain data, never a discord.js object. */
export interface CommandContext {
  app: CommandServices;
  lang: Lang;
  userId: string;
  userName: string;
  /** null in a DM (and `guildId` of the console is a fixed fake id) */
  guildId: string | null;
  channelId: string | null;
  /**
   * Manage Server, computed on our side from the member's permissions
   * (never trusted from Discord's command defaults)
   */
  canManageGuild: boolean;
  /** the member's roles in this server (reviewer checks); empty outside a server */
  roleIds?: readonly string[];
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
  /** the app's logger with the guild, channel, user and command ids on every line */
  log: Logger;
}

export interface Choice {
  name: string;
  value: string;
}

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** true: the whole command needs Manage Server; a list: only those subcommands do. The router enforces it. */
  admin?: true | readonly string[];
  /**
   * only in a server, never in a DM (admin calls are too).
   * The router enforces it; `guildOf(ctx)` gives the server.
   */
  guildOnly?: true;
  /** whether the reply will be ephemeral, so a slow command can be deferred the same way */
  ephemeral?(ctx: CommandContext): boolean;
  execute(ctx: CommandContext): Promise<Reply>;
  autocomplete?(ctx: CommandContext, focused: { name: string; value: string }): Promise<Choice[]> | Choice[];
  /** buttons whose custom id starts with `<command name>:`; `args` is the rest split at ':' */
  button?(ctx: CommandContext, args: string[]): Promise<Reply>;
  /**
   * For a server-only command's buttons sent in a DM (a reminder): the server the button belongs to,
   * read from its custom id (`args` as for `button`). The member acts on their own record there only.
   */
  buttonGuild?(args: string[]): string | undefined;
  /** a submitted form (Discord modal) whose id starts with `<command name>:`; `values` by field id */
  form?(ctx: CommandContext, args: string[], values: Record<string, string>): Promise<Reply>;
}

/**
 * A refusal: an error whose message is meant for the user (already in their language).
 * Commands throw it; the router renders it as an ephemeral reply.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The refusals the router makes for every command. */
export const REFUSALS = {
  adminOnly: {
    ko: '이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.',
    en: 'Only members with the Manage Server permission can use this.',
  },
  guildOnly: {
    ko: '이 명령은 서버 채널에서만 쓸 수 있어요.',
    en: 'This command only works in a server channel.',
  },
} satisfies Record<string, Text>;

/** The server of a `guildOnly` or admin command (the router has refused it outside one). */
export function guildOf(ctx: CommandContext): string {
  if (ctx.guildId === null) throw new UserError(t(ctx.lang, REFUSALS.guildOnly));
  return ctx.guildId;
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : value === undefined ? undefined : String(value);
}

export function booleanOption(ctx: CommandContext, name: string): boolean | undefined {
  const value = ctx.options[name];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return ['true', 'yes', '1', 'on', '예', '네'].includes(value.toLowerCase());
  return undefined;
}

export function isAdminCall(command: Command, subcommand: string | null): boolean {
  if (command.admin === true) return true;
  return !!command.admin && subcommand !== null && command.admin.includes(subcommand);
}
