import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type CommandInteractionOption,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  ShardClientUtil,
} from 'discord.js';
import type { App } from '../app.js';
import type { Choice, OptionValue } from '../command.js';
import type { Reply } from '../reply.js';
import { type Caller, findCommand, type Request, contextFor, route } from '../router.js';
import { toInteractionReply, toMessage, toModal } from './render.js';

/** A form must be the first answer; after a defer Discord no longer takes one. */
const FORM_TOO_LATE = {
  content: 'Discord could not open the form in time; please try again. · 양식을 제때 열지 못했어요. 다시 시도해 주세요.',
  ephemeral: true,
} satisfies Reply;

/** Discord wants an answer within 3 s; past this the reply is deferred and edited in later. */
export const DEFER_AFTER_MS = 2000;

/**
 * How long a graceful stop waits for replies and writes in flight. After a store freeze,
 * deferred replies drain at discord.js's global 50/s: an orchestrator's SIGKILL (docker
 * stop: 10 s, Kubernetes: 30 s) must not come first. An answer is acknowledged only after
 * its write, so one left unanswered here was never counted.
 */
export const SHUTDOWN_WAIT_MS = 10_000;

/**
 * The servers this process holds: discord.js reads SHARDS and SHARD_COUNT from the
 * environment its ShardingManager sets, and a server lives on shard
 * (guild_id >> 22) % shard_count. Without sharding, all of them.
 */
export function guildOwner(client: Client): (guildId: string) => boolean {
  const shards = client.options.shards;
  const count = client.options.shardCount ?? 1;
  if (!Array.isArray(shards) || count <= 1) return () => true;
  return (guildId) => shards.includes(ShardClientUtil.shardIdForGuildId(guildId, count));
}

export function createClient(
  config: { discordApiUrl?: string },
  restOptions: { retries?: number; timeout?: number } = {},
): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}), ...restOptions },
    allowedMentions: { parse: [] },
  });
}

function callerOf(interaction: Interaction): Caller {
  return {
    userId: interaction.user.id,
    userName: interaction.user.username,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    locale: interaction.locale,
    // from the member's permissions in this channel as Discord sends them with the interaction,
    // so a misconfigured command default can never open an admin command to everyone
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds: memberRoles(interaction),
  };
}

/** The member's role ids: a raw list (an uncached member) or the role manager's. */
function memberRoles(interaction: Interaction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
}

function flatOptions(data: readonly CommandInteractionOption[]): Record<string, OptionValue | undefined> {
  const out: Record<string, OptionValue | undefined> = {};
  for (const option of data) {
    if (option.options) Object.assign(out, flatOptions(option.options));
    // an attached file: its address on Discord's CDN (the command reads it from there)
    else if (option.attachment) out[option.name] = option.attachment.url;
    else if (option.value !== undefined) out[option.name] = option.value;
  }
  return out;
}

function requestOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): {
  name: string;
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
} {
  return {
    name: interaction.commandName,
    subcommand: interaction.options.getSubcommand(false),
    options: flatOptions(interaction.options.data),
  };
}

async function answerCommand(app: App, interaction: ChatInputCommandInteraction): Promise<void> {
  const caller = callerOf(interaction);
  const request: Request = { kind: 'command', ...requestOf(interaction) };
  const command = findCommand(app.commands, request.name);
  let ephemeral = false;
  try {
    ephemeral = command?.ephemeral?.(contextFor(app, caller, request.subcommand, request.options)) ?? false;
  } catch {
    // only decides how a deferred reply looks; the router's error boundary reports real failures
  }
  await answerInTime(
    route(app, caller, request) as Promise<Reply>,
    (reply) =>
      (reply.form ? interaction.showModal(toModal(reply.form)) : interaction.reply(toInteractionReply(reply))).then(
        () => undefined,
      ),
    () => interaction.deferReply({ flags: ephemeral ? MessageFlags.Ephemeral : undefined }).then(() => undefined),
    (reply) => interaction.editReply(toMessage(reply.form ? FORM_TOO_LATE : reply)).then(() => undefined),
  );
}

async function answerButton(app: App, interaction: ButtonInteraction): Promise<void> {
  const work = route(app, callerOf(interaction), { kind: 'button', customId: interaction.customId }) as Promise<Reply>;
  await answerInTime(
    work,
    (reply) =>
      (reply.form
        ? interaction.showModal(toModal(reply.form))
        : reply.update
          ? interaction.update(toMessage(reply))
          : interaction.reply(toInteractionReply(reply))
      ).then(() => undefined),
    async () => {
      // we don't know yet whether the reply edits the message; a fresh ephemeral reply is the safe default
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
    async (reply) => {
      await interaction.editReply(toMessage(reply.form ? FORM_TOO_LATE : reply));
    },
  );
}

async function answerForm(app: App, interaction: ModalSubmitInteraction): Promise<void> {
  const values: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if ('value' in field && typeof field.value === 'string') values[id] = field.value;
  }
  const work = route(app, callerOf(interaction), {
    kind: 'form',
    customId: interaction.customId,
    values,
  }) as Promise<Reply>;
  const caller = callerOf(interaction);
  if (caller.guildId) {
    // a decision on what the member just handed in can reach them here, privately, for a while
    app.quiz.gateway.keepFollowUp?.(caller.guildId, caller.userId, async (reply) => {
      await interaction.followUp({ ...toMessage(reply), flags: MessageFlags.Ephemeral });
    });
  }
  await answerInTime(
    work,
    (reply) =>
      (reply.update && interaction.isFromMessage()
        ? interaction.update(toMessage(reply))
        : interaction.reply(toInteractionReply(reply))
      ).then(() => undefined),
    async () => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
    async (reply) => {
      await interaction.editReply(toMessage(reply.form ? FORM_TOO_LATE : reply));
    },
  );
}

/** Sends the reply directly when it is ready in time, else defers first and edits the deferred reply. */
async function answerInTime(
  work: Promise<Reply>,
  send: (r: Reply) => Promise<void>,
  defer: () => Promise<void>,
  edit: (r: Reply) => Promise<void>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), DEFER_AFTER_MS);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first) return send(first);
  await defer();
  await edit(await work);
}

/** Turns every interaction into a router request; failures to answer are logged, never thrown. */
export function attachInteractions(
  app: App,
  client: Client,
): { inFlight: Set<Promise<void>>; pending: () => string[] } {
  const inFlight = new Set<Promise<void>>();
  // what each one is, for the log line of a shutdown that gives up on them
  const described = new Map<Promise<void>, string>();
  client.on(Events.InteractionCreate, (interaction) => {
    const job = (async () => {
      if (interaction.isChatInputCommand()) await answerCommand(app, interaction);
      else if (interaction.isAutocomplete()) {
        const choices = (await route(app, callerOf(interaction), {
          kind: 'autocomplete',
          ...requestOf(interaction),
          focused: interaction.options.getFocused(true),
        })) as Choice[];
        await interaction.respond(choices);
      } else if (interaction.isButton()) await answerButton(app, interaction);
      else if (interaction.isModalSubmit()) await answerForm(app, interaction);
    })().catch((error: unknown) => {
      app.logger.error(
        { err: error, interactionId: interaction.id, userId: interaction.user.id, guildId: interaction.guildId },
        'could not answer interaction',
      );
    });
    inFlight.add(job);
    described.set(job, describe(interaction));
    void job.finally(() => {
      inFlight.delete(job);
      described.delete(job);
    });
  });
  return { inFlight, pending: () => [...described.values()] };
}

function describe(interaction: Interaction): string {
  const what = interaction.isButton()
    ? `button ${interaction.customId}`
    : interaction.isModalSubmit()
      ? `form ${interaction.customId.split(':').slice(0, 2).join(':')}`
    : interaction.isCommand() || interaction.isAutocomplete()
      ? `/${interaction.commandName}`
      : 'interaction';
  return `${what} (${interaction.id}, user ${interaction.user.id})`;
}

export interface DiscordSession {
  /** interactions being answered right now */
  inFlight: Set<Promise<void>>;
  /**
   * Graceful stop: no new interactions, stop the scheduler, let in-flight
   * replies and their writes finish, close the store, disconnect. Idempotent.
   */
  shutdown(reason: string): Promise<void>;
}

/** Logs in and serves; the daily-quiz scheduler starts once the gateway is ready. */
export async function serveDiscord(
  app: App,
  client: Client,
  options: { shutdownWaitMs?: number } = {},
): Promise<DiscordSession> {
  const { inFlight, pending } = attachInteractions(app, client);
  const waitMs = options.shutdownWaitMs ?? SHUTDOWN_WAIT_MS;
  client.once(Events.ClientReady, (ready) => {
    app.logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
    app.quiz.scheduler.start();
    app.quiz.habits.start();
  });
  client.on(Events.Error, (error) => app.logger.error({ err: error }, 'discord client error'));
  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      app.logger.info({ reason, inFlight: inFlight.size }, 'shutting down');
      // stop taking interactions, but keep the connection: in-flight replies still need REST
      client.removeAllListeners(Events.InteractionCreate);
      const drained = (async () => {
        await app.quiz.scheduler.stop();
        await Promise.allSettled([...inFlight]);
        await app.close();
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
      const outcome = await Promise.race([drained.then(() => 'done' as const), late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        drained.catch(() => {}); // still running; its failure no longer matters
        const left = pending();
        const fields = { reason, waitMs, inFlight: left.length, left: left.slice(0, 50) };
        app.logger.warn(fields, 'shutdown: stopped waiting; these were left unanswered');
      }
      await client.destroy();
      app.logger.info('stopped');
    })();
    return stopping;
  };
  await client.login(app.config.discordToken);
  return { inFlight, shutdown };
}

/** serveDiscord until SIGTERM (Kubernetes, docker stop) or SIGINT (Ctrl-C), then a graceful stop and exit. */
export async function startDiscord(app: App, client: Client): Promise<void> {
  const session = await serveDiscord(app, client);
  const onSignal = (signal: NodeJS.Signals) => {
    void session.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
