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
   * A direct message to a member (a reviewer's decision on their submission). false: their DMs
   * are closed to the bot, which is their choice and not an error.
   */
  sendDirect?(userId: string, reply: Reply): Promise<boolean>;
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

  async sendDirect(userId: string, reply: Reply): Promise<boolean> {
    if (this.closedDms.has(userId)) return false;
    this.direct.push({ userId, reply });
    return true;
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
