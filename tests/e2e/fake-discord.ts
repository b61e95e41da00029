/**
 * A fake Discord for end-to-end tests: REST (node:http) and gateway (ws) on one
 * 127.0.0.1 port. It records every REST request and every gateway payload the
 * client sends, so tests can wait for them. The parts, in fake-discord/:
 * payloads.ts (the JSON it sends), rest.ts (the route table, faults, the request
 * record), gateway.ts (opcodes, IDENTIFY/RESUME, dispatches). This file holds
 * them together and sends interactions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { type Connection, FakeGateway, type GatewayFrame } from './fake-discord/gateway.js';
import {
  type ApiOption,
  type BotUser,
  type FakeGuild,
  InteractionType,
  type InteractionUser,
  interactionPayload,
  messagePayload,
  snowflake,
} from './fake-discord/payloads.js';
import { FakeRest, type Match, type RecordedRequest } from './fake-discord/rest.js';

export { Op, type GatewayFrame } from './fake-discord/gateway.js';
export { type ApiOption, type FakeGuild, type FakeUser, type InteractionUser, shardOf, snowflake } from './fake-discord/payloads.js';
export type { RecordedRequest } from './fake-discord/rest.js';

export interface FakeDiscordOptions {
  /** the bot token the fake accepts (GET /gateway/bot answers 401 to anything else); any token when omitted */
  token?: string;
  applicationId?: string;
  botUser?: BotUser;
  guilds?: FakeGuild[];
  /** op 10 heartbeat interval in ms */
  heartbeatInterval?: number;
  /** the shard count GET /gateway/bot recommends (1) */
  shards?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** number of recorded requests when it was sent */
  from: number;
  /** when it was dispatched (ms) */
  at: number;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[];
  /** every gateway payload the clients sent */
  readonly gateway: GatewayFrame[];
  /** tokens seen in IDENTIFY payloads, in order */
  readonly identifyTokens: string[];
  readonly applicationId: string;
  readonly botUser: BotUser;
  readonly guilds: FakeGuild[];

  private readonly rest: FakeRest;
  private readonly socket: FakeGateway;
  private readonly waiters = new Set<() => void>();
  /** interaction token -> the channel it came from: where its replies and follow-ups appear */
  private readonly interactionChannels = new Map<string, string>();

  private constructor(
    private readonly http: Server,
    wss: WebSocketServer,
    options: FakeDiscordOptions,
  ) {
    this.applicationId = options.applicationId ?? snowflake();
    this.botUser = options.botUser ?? { id: this.applicationId, username: 'study-bot' };
    const guildId = snowflake();
    this.guilds = options.guilds ?? [{ id: guildId, name: 'k8s study', channelIds: [snowflake()] }];
    const notify = () => this.notify();
    this.rest = new FakeRest({
      token: options.token,
      shards: options.shards ?? 1,
      guilds: this.guilds,
      gatewayUrl: () => this.gatewayUrl,
      message: (channelId, body, id, edited) => this.message(channelId, body, id, edited),
      // a token the fake did not hand out: the first guild's first channel
      channelOfToken: (token) => this.interactionChannels.get(token) ?? this.guild.channelIds[0] ?? '0',
      notify,
    });
    this.socket = new FakeGateway(wss, {
      bot: this.botUser,
      applicationId: this.applicationId,
      guilds: this.guilds,
      token: options.token,
      heartbeatInterval: options.heartbeatInterval ?? 41_250,
      url: () => this.gatewayUrl,
      notify,
    });
    this.requests = this.rest.requests;
    this.gateway = this.socket.frames;
    this.identifyTokens = this.socket.identifyTokens;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/gateway' });
    const fake = new FakeDiscord(http, wss, options);
    http.on('request', (req, res) => void fake.rest.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** the value for `DISCORD_API_URL` / `rest.api` */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get guild(): FakeGuild {
    const guild = this.guilds[0];
    if (!guild) throw new Error('fake has no guild');
    return guild;
  }

  /** A message object as Discord returns it, built from a create/edit body. */
  message(channelId: string, body: Record<string, any>, id?: string, edited = false): Record<string, unknown> {
    return messagePayload({ bot: this.botUser, applicationId: this.applicationId, guilds: this.guilds }, channelId, body, id, edited);
  }

  // ---------------------------------------------------------------- waiting

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first value `probe` returns that is not undefined, re-checked on every request or gateway frame. */
  async until<T>(probe: () => T | undefined, timeoutMs: number, what = 'condition'): Promise<T> {
    const now = probe();
    if (now !== undefined) return now;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** The first recorded REST request (from index `from`) matching `predicate`. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000, from = 0): Promise<RecordedRequest> {
    return this.until(() => this.requests.slice(from).find(predicate), timeoutMs, `request ${predicate.toString().slice(0, 120)}`);
  }

  /** The first gateway payload sent by a client (from index `from`) matching `predicate`. */
  waitForFrame(predicate: (f: GatewayFrame) => boolean, timeoutMs = 5000, from = 0): Promise<GatewayFrame> {
    return this.until(() => this.gateway.slice(from).find(predicate), timeoutMs, `gateway frame ${predicate.toString().slice(0, 120)}`);
  }

  // ---------------------------------------------------------------- faults (see rest.ts)

  failNext(match: Match, options: { times?: number; status?: number; body?: unknown } = {}): void {
    this.rest.failNext(match, options);
  }

  rateLimitNext(match: Match, options: { times?: number; retryAfter?: number; global?: boolean } = {}): void {
    this.rest.rateLimitNext(match, options);
  }

  delayNext(match: Match, ms: number, times = 1): void {
    this.rest.delayNext(match, ms, times);
  }

  // ---------------------------------------------------------------- gateway (see gateway.ts)

  /** The most recent ready, open connection; with `guildId`, the one of the shard that guild lives on. */
  readyConnection(timeoutMs = 5000, guildId?: string): Promise<Connection> {
    const what = guildId ? `a ready gateway connection for guild ${guildId}` : 'a ready gateway connection';
    return this.until(() => this.socket.readyConnection(guildId), timeoutMs, what);
  }

  /** Sends a dispatch event on the connection of the shard that holds `guildId` (any ready one without it). */
  async dispatch(t: string, d: unknown, timeoutMs = 5000, guildId?: string): Promise<void> {
    const connection = await this.readyConnection(timeoutMs, guildId);
    this.socket.dispatch(connection, t, d);
  }

  /** Closes the current gateway socket from the server side (4000: the client resumes; 1000: it identifies again). */
  async dropSocket(code = 4000): Promise<number> {
    const connection = await this.readyConnection();
    connection.ready = false;
    connection.socket.close(code, 'dropped by test');
    return connection.id;
  }

  get connectionCount(): number {
    return this.socket.connections.length;
  }

  // ---------------------------------------------------------------- interactions

  private interaction(type: number, user: InteractionUser): { id: string; token: string; payload: Record<string, any> } {
    const guild = this.guilds.find((g) => g.id === user.guildId) ?? this.guild;
    const channelId = user.channelId ?? guild.channelIds[0] ?? snowflake();
    const built = interactionPayload(this.applicationId, type, guild, channelId, user);
    this.interactionChannels.set(built.token, channelId);
    return built;
  }

  private async send(id: string, token: string, payload: Record<string, any>): Promise<SentInteraction> {
    const at = Date.now();
    await this.dispatch('INTERACTION_CREATE', payload, 5000, payload.guild_id);
    return { id, token, from: this.requests.length, at };
  }

  /** Dispatches a slash command (type 2). `options` are raw API options (e.g. `{ name: 'question', type: 3, value }`). */
  async slash(name: string, options: ApiOption[] = [], user: InteractionUser = {}, resolved?: Record<string, any>): Promise<SentInteraction> {
    const { id, token, payload } = this.interaction(InteractionType.ApplicationCommand, user);
    payload.data = { id: snowflake(), name, type: 1, guild_id: payload.guild_id, options, ...(resolved ? { resolved } : {}) };
    return this.send(id, token, payload);
  }

  /** Dispatches an autocomplete interaction (type 4); the option named `focused` carries `focused: true`. */
  async autocomplete(name: string, focused: { name: string; value: string }, others: ApiOption[] = [], user: InteractionUser = {}): Promise<SentInteraction> {
    const { id, token, payload } = this.interaction(InteractionType.Autocomplete, user);
    payload.data = { id: snowflake(), name, type: 1, guild_id: payload.guild_id, options: [...others, { name: focused.name, type: 3, value: focused.value, focused: true }] };
    return this.send(id, token, payload);
  }

  /** Dispatches a button press (type 3) on a message the bot sent (`message`: a recorded response body; made up when omitted). */
  async button(customId: string, user: InteractionUser = {}, message?: Record<string, any>): Promise<SentInteraction> {
    // a button is pressed where its message is
    const where = { ...(message?.guild_id && !user.guildId ? { guildId: message.guild_id } : {}), ...(message?.channel_id ? { channelId: message.channel_id } : {}) };
    const { id, token, payload } = this.interaction(InteractionType.MessageComponent, { ...user, ...where });
    payload.message =
      message ??
      this.message(payload.channel_id as string, {
        content: 'a message with a button',
        components: [{ type: 1, components: [{ type: 2, style: 2, label: 'open', custom_id: customId }] }],
      });
    payload.data = { custom_id: customId, component_type: 2 };
    return this.send(id, token, payload);
  }

  /** Dispatches a modal submit (type 5): the form's custom id and each text input's value, as label components. */
  async form(customId: string, values: Record<string, string>, user: InteractionUser = {}, message?: Record<string, any>): Promise<SentInteraction> {
    const where = message?.channel_id ? { channelId: message.channel_id as string } : {};
    const { id, token, payload } = this.interaction(InteractionType.ModalSubmit, { ...user, ...where });
    if (message) payload.message = message;
    payload.data = {
      custom_id: customId,
      components: Object.entries(values).map(([field, value], i) => ({
        type: 18,
        id: i + 1,
        component: { type: 4, id: i + 10, custom_id: field, value },
      })),
    };
    return this.send(id, token, payload);
  }

  /** Serves a file as Discord's CDN serves an attachment; returns its URL. */
  serveFile(name: string, content: string | Buffer): string {
    const path = `/attachments/${snowflake()}/${name}`;
    this.rest.files.set(path, content);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The callback for an interaction (POST /interactions/{id}/{token}/callback). */
  callback(sent: SentInteraction, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${sent.id}/${sent.token}/callback`, timeoutMs);
  }

  /** The edit of the deferred reply (PATCH /webhooks/{appId}/{token}/messages/@original). */
  editOriginal(sent: SentInteraction, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${this.applicationId}/${sent.token}/messages/@original`, timeoutMs);
  }

  async close(): Promise<void> {
    await this.socket.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
