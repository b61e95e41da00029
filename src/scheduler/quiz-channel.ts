import type { Reply } from '../reply.js';

export interface PostOptions {
  /**
   * Idempotency key (at most 25 characters), the same for every retry of one
   * quiz. The Discord implementation sends it as the message `nonce` with
   * `enforce_nonce: true`, so a retry after a lost response returns the message
   * already created instead of posting a second one.
   */
  nonce: string;
}

/** Whether the bot can post in a channel of a server. */
export interface ChannelCheck {
  ok: boolean;
  /** what is lacking, named as Discord's settings show them (permissions, "a text channel") */
  missing: string[];
  /** true: the server has no channel with that id */
  unknown?: boolean;
}

/** How the scheduler talks to the chat service. Any thrown error = not done; the next tick retries. */
export interface QuizChannel {
  postMessage(channelId: string, reply: Reply, options: PostOptions): Promise<{ messageId: string }>;
  editMessage(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** whether the bot can post in that channel of that server (`/config channel` refuses an unknown one) */
  checkChannel(guildId: string, channelId: string): Promise<ChannelCheck>;
  /**
   * Tells a member something privately (a reviewer's decision on their submission): an ephemeral
   * follow-up to the form they sent, while Discord still takes one, else a direct message.
   * 'closed': their DMs are closed to the bot, which is their choice and not an error.
   */
  tellMember?(guildId: string, userId: string, reply: Reply): Promise<'follow-up' | 'dm' | 'closed'>;
  /** The adapter keeps a way to follow up on a form a member just sent (see `tellMember`). */
  keepFollowUp?(guildId: string, userId: string, send: (reply: Reply) => Promise<void>): void;
}

/** Discord takes follow-ups to an interaction for 15 minutes; a minute is left for the way there. */
export const FOLLOW_UP_MS = 14 * 60_000;

/** The latest form each member sent, per server, for as long as it can be followed up. In memory only. */
export class FollowUps {
  private readonly paths = new Map<string, { send: (reply: Reply) => Promise<void>; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  keep(guildId: string, userId: string, send: (reply: Reply) => Promise<void>): void {
    const at = this.now();
    for (const [key, path] of this.paths) if (path.until <= at) this.paths.delete(key);
    this.paths.set(`${guildId}:${userId}`, { send, until: at + FOLLOW_UP_MS });
  }

  /** Sends it as a follow-up if one can still be sent; false: no way (expired, or it failed). */
  async send(guildId: string, userId: string, reply: Reply): Promise<boolean> {
    const key = `${guildId}:${userId}`;
    const path = this.paths.get(key);
    if (!path || path.until <= this.now()) return false;
    try {
      await path.send(reply);
      return true;
    } catch {
      // the token expired or the message is gone: a DM is the way left
      this.paths.delete(key);
      return false;
    }
  }
}

export interface ChannelMessage {
  channelId: string;
  messageId: string;
  reply: Reply;
  nonce: string;
  edits: Reply[];
}

export type MessageListener = (event: 'post' | 'edit', message: ChannelMessage, reply: Reply) => void;

/**
 * In memory: for tests and the offline console. Behaves like Discord where it
 * matters here: a repeated nonce returns the existing message, failures can be
 * injected, unknown channels are refused.
 */
export class MemoryQuizChannel implements QuizChannel {
  readonly messages: ChannelMessage[] = [];
  /** direct messages sent, in order */
  readonly direct: { userId: string; reply: Reply }[] = [];
  readonly followUps = new FollowUps();
  /** members whose DMs are closed */
  readonly closedDms = new Set<string>();
  private failures: Error[] = [];
  private nextId = 1;

  constructor(
    private readonly options: {
      /** channel id -> missing permissions; channels not listed are fine unless `strictChannels` (then unknown) */
      channels?: Record<string, string[]>;
      strictChannels?: boolean;
      /** called for every post and edit (the console prints them) */
      onMessage?: MessageListener;
    } = {},
  ) {}

  /** the next `count` calls to postMessage/editMessage throw `error` (a 500 or a 429) */
  failNext(count: number, error: Error = new Error('500 Internal Server Error')): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  clearFailures(): void {
    this.failures = [];
  }

  async postMessage(channelId: string, reply: Reply, options: PostOptions): Promise<{ messageId: string }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const existing = this.messages.find((m) => m.channelId === channelId && m.nonce === options.nonce);
    if (existing) return { messageId: existing.messageId };
    const message: ChannelMessage = {
      channelId,
      messageId: String(1_000_000_000_000_000_000n + BigInt(this.nextId++)),
      reply,
      nonce: options.nonce,
      edits: [],
    };
    this.messages.push(message);
    this.options.onMessage?.('post', message, reply);
    return { messageId: message.messageId };
  }

  async editMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const message = this.messages.find((m) => m.channelId === channelId && m.messageId === messageId);
    if (!message) throw new Error(`404 Unknown Message ${messageId}`);
    message.edits.push(reply);
    this.options.onMessage?.('edit', message, reply);
  }

  keepFollowUp(guildId: string, userId: string, send: (reply: Reply) => Promise<void>): void {
    this.followUps.keep(guildId, userId, send);
  }

  async tellMember(guildId: string, userId: string, reply: Reply): Promise<'follow-up' | 'dm' | 'closed'> {
    if (await this.followUps.send(guildId, userId, reply)) return 'follow-up';
    if (this.closedDms.has(userId)) return 'closed';
    this.direct.push({ userId, reply });
    return 'dm';
  }

  async checkChannel(_guildId: string, channelId: string): Promise<ChannelCheck> {
    const listed = this.options.channels?.[channelId];
    if (listed === undefined) {
      return this.options.strictChannels ? { ok: false, missing: [], unknown: true } : { ok: true, missing: [] };
    }
    return { ok: listed.length === 0, missing: listed };
  }
}

/** The offline console's server has one channel, the console's own: any other id is refused like Discord would. */
export function consoleQuizChannel(channelId: string, onMessage?: MessageListener): MemoryQuizChannel {
  return new MemoryQuizChannel({ channels: { [channelId]: [] }, strictChannels: true, onMessage });
}
