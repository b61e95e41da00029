/**
 * What the fake Discord sends: the JSON objects of messages, guilds, channels,
 * READY and interactions, built from the fake's few facts (its guilds, its bot user).
 */
import { randomBytes } from 'node:crypto';

export interface FakeGuild {
  id: string;
  name: string;
  channelIds: string[];
  /** channel id -> permission bits denied to @everyone there (a channel permission overwrite) */
  denied?: Record<string, bigint>;
  /** role ids besides @everyone (no permissions of their own) */
  roleIds?: string[];
}

export interface FakeUser {
  id: string;
  username: string;
  locale?: string;
}

export interface BotUser {
  id: string;
  username: string;
}

export interface InteractionUser {
  id?: string;
  username?: string;
  /** the member's permissions in the channel, a decimal bit string */
  permissions?: string;
  locale?: string;
  /** the server the interaction comes from (the fake's first guild by default) */
  guildId?: string;
  /** the channel it comes from (the guild's first channel by default) */
  channelId?: string;
  /** the member's role ids */
  roles?: string[];
}

export interface ApiOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: ApiOption[];
  focused?: boolean;
}

/** The interaction types the fake sends (Discord's numbers). */
export const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Discord's rule: a guild lives on shard (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const DISCORD_EPOCH = 1420070400000n;
let snowflakeCounter = 0n;

/** A 19-digit snowflake (timestamp-based, strictly increasing within this process). */
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

function botUserPayload(bot: BotUser): Record<string, unknown> {
  return { id: bot.id, username: bot.username, discriminator: '0', global_name: null, avatar: null, bot: true };
}

/** A message object as Discord returns it, built from a create/edit body. */
export function messagePayload(
  facts: { bot: BotUser; applicationId: string; guilds: FakeGuild[] },
  channelId: string,
  body: Record<string, any>,
  id?: string,
  edited = false,
): Record<string, unknown> {
  const now = new Date().toISOString();
  const guild = facts.guilds.find((g) => g.channelIds.includes(channelId));
  return {
    id: id ?? snowflake(),
    type: 0,
    channel_id: channelId,
    ...(guild ? { guild_id: guild.id } : {}),
    author: botUserPayload(facts.bot),
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: body.flags ?? 0,
    timestamp: now,
    edited_timestamp: edited ? now : null,
    application_id: facts.applicationId,
  };
}

/** A text channel of a guild, with @everyone's denied bits as a role overwrite. */
export function channelPayload(guild: FakeGuild, id: string): Record<string, unknown> {
  const position = guild.channelIds.indexOf(id);
  return {
    id,
    type: 0,
    guild_id: guild.id,
    name: `study-${position}`,
    position,
    // type 0: a role overwrite; the @everyone role's id is the guild's
    permission_overwrites: guild.denied?.[id] ? [{ id: guild.id, type: 0, allow: '0', deny: guild.denied[id]!.toString() }] : [],
    nsfw: false,
    parent_id: null,
    topic: null,
  };
}

/** GUILD_CREATE's guild: its channels, the @everyone role, the bot as its one member. */
export function guildPayload(guild: FakeGuild, bot: BotUser): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: snowflake(),
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    preferred_locale: 'ko',
    joined_at: new Date().toISOString(),
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    afk_timeout: 300,
    emojis: [],
    stickers: [],
    roles: [
      { id: guild.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 },
      ...(guild.roleIds ?? []).map((id, i) => ({ id, name: `role-${i + 1}`, color: 0, hoist: false, position: i + 1, permissions: '0', managed: false, mentionable: false, flags: 0 })),
    ],
    channels: guild.channelIds.map((id) => channelPayload(guild, id)),
    threads: [],
    members: [
      { user: botUserPayload(bot), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null },
    ],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

/** READY: the bot user, the shard's guilds (unavailable until their GUILD_CREATE), the session to resume. */
export function readyPayload(
  facts: { bot: BotUser; applicationId: string },
  session: { id: string; shard: [number, number] },
  guilds: FakeGuild[],
  resumeUrl: string,
): Record<string, unknown> {
  return {
    v: 10,
    user: { ...botUserPayload(facts.bot), flags: 0 },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: session.id,
    resume_gateway_url: resumeUrl,
    shard: session.shard,
    application: { id: facts.applicationId, flags: 0 },
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    user_settings: {},
  };
}

/** An INTERACTION_CREATE payload without `data`, from a member in a channel of a guild. */
export function interactionPayload(
  applicationId: string,
  type: number,
  guild: FakeGuild,
  channelId: string,
  user: InteractionUser,
): { id: string; token: string; payload: Record<string, any> } {
  const id = snowflake();
  const token = `itok_${id}_${randomBytes(12).toString('hex')}`;
  const userId = user.id ?? '123456789012345678';
  const position = Math.max(0, guild.channelIds.indexOf(channelId));
  const payload: Record<string, any> = {
    id,
    application_id: applicationId,
    type,
    token,
    version: 1,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'ko', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guild.id, name: `study-${position}`, position, permission_overwrites: [], nsfw: false, parent_id: null, flags: 0 },
    member: {
      user: { id: userId, username: user.username ?? 'student', discriminator: '0', global_name: user.username ?? 'student', avatar: null },
      roles: user.roles ?? [],
      permissions: user.permissions ?? '2248473465835073',
      joined_at: '2024-10-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
    },
    app_permissions: '2248473465835073',
    locale: user.locale ?? 'ko',
    guild_locale: 'ko',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
  return { id, token, payload };
}
