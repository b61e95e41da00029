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

/** How the scheduler talks to the chat service. Any thrown error = not done; the next tick retries. */
export interface ChatGateway {
  postMessage(channelId: string, reply: Reply, options: PostOptions): Promise<{ messageId: string }>;
  editMessage(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** whether the bot can post in that channel of that server; `missing` names what is lacking (permissions, "not a text channel") */
  checkChannel(guildId: string, channelId: string): Promise<{ ok: boolean; missing: string[] }>;
}

export interface GatewayMessage {
  channelId: string;
  messageId: string;
  reply: Reply;
  nonce: string;
  edits: Reply[];
}

/**
 * In memory: for tests and the offline console. Behaves like Discord where it
 * matters here: a repeated nonce returns the existing message, failures can be
 * injected, unknown channels are refused.
 */
export class MemoryGateway implements ChatGateway {
  readonly messages: GatewayMessage[] = [];
  private failures: Error[] = [];
  private nextId = 1;

  constructor(
    private readonly options: {
      /** channel id -> missing permissions; channels not listed are fine unless `strictChannels` */
      channels?: Record<string, string[]>;
      strictChannels?: boolean;
      /** called for every post and edit (the console prints them) */
      onMessage?: (event: 'post' | 'edit', message: GatewayMessage, reply: Reply) => void;
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
    const message: GatewayMessage = { channelId, messageId: String(1_000_000_000_000_000_000n + BigInt(this.nextId++)), reply, nonce: options.nonce, edits: [] };
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

  async checkChannel(_guildId: string, channelId: string): Promise<{ ok: boolean; missing: string[] }> {
    const listed = this.options.channels?.[channelId];
    if (listed === undefined) return this.options.strictChannels ? { ok: false, missing: ['View Channel'] } : { ok: true, missing: [] };
    return { ok: listed.length === 0, missing: listed };
  }
}
