/**
 * A fake Discord for end-to-end tests: REST (node:http) and gateway (ws) on one
 * 127.0.0.1 port. It records every REST request and every gateway payload the
 * client sends, so tests can wait for them; see /work/shared/docs/DISCORD-WIRE.md
 * for the wire facts this follows.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';

export interface RecordedRequest {
  method: string;
  /** path after `/api/v10`, percent-decoded, without the query (e.g. `/webhooks/1/t/messages/@original`) */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** parsed JSON body, the raw text when it is not JSON, undefined when empty */
  body: any;
  status: number;
  /** the JSON the fake answered with */
  response?: any;
  at: number;
}

/** A payload a client sent on the gateway. */
export interface GatewayFrame {
  connection: number;
  op: number;
  d: any;
  at: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  channelIds: string[];
  /** channel id -> permission bits denied to @everyone there (a channel permission overwrite) */
  denied?: Record<string, bigint>;
}

export interface FakeUser {
  id: string;
  username: string;
  locale?: string;
}

interface Fault {
  method?: string;
  path: RegExp;
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface Connection {
  id: number;
  socket: WebSocket;
  /** set once IDENTIFY or RESUME was answered */
  ready: boolean;
  /** [shard id, shard count] from IDENTIFY (or the resumed session) */
  shard: [number, number];
  session: Session | null;
}

interface Session {
  id: string;
  seq: number;
  shard: [number, number];
}

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

function deepDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export interface FakeDiscordOptions {
  /** the bot token the fake accepts (GET /gateway/bot answers 401 to anything else); any token when omitted */
  token?: string;
  applicationId?: string;
  botUser?: { id: string; username: string };
  guilds?: FakeGuild[];
  /** op 10 heartbeat interval in ms */
  heartbeatInterval?: number;
  /** the shard count GET /gateway/bot recommends (1) */
  shards?: number;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly gateway: GatewayFrame[] = [];
  readonly applicationId: string;
  readonly botUser: { id: string; username: string };
  readonly guilds: FakeGuild[];
  /** tokens seen in IDENTIFY payloads, in order */
  readonly identifyTokens: string[] = [];

  private readonly faults: Fault[] = [];
  private readonly delays: { method?: string; path: RegExp; remaining: number; ms: number }[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly connections: Connection[] = [];
  private nextConnectionId = 1;
  /** `channelId:nonce` -> the message created with it (enforce_nonce) */
  private readonly nonces = new Map<string, Record<string, unknown>>();
  private readonly sessions = new Map<string, Session>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeDiscordOptions,
  ) {
    this.applicationId = options.applicationId ?? snowflake();
    this.botUser = options.botUser ?? { id: this.applicationId, username: 'study-bot' };
    const guildId = snowflake();
    this.guilds = options.guilds ?? [{ id: guildId, name: 'k8s study', channelIds: [snowflake()] }];
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/gateway' });
    const fake = new FakeDiscord(http, wss, options);
    http.on('request', (req, res) => void fake.onRequest(req, res));
    wss.on('connection', (socket) => fake.onConnection(socket));
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

  // ---------------------------------------------------------------- faults

  /** The next `times` requests matching method/path get `status` (500 by default) instead of their answer. */
  failNext(match: { method?: string; path: RegExp }, options: { times?: number; status?: number; body?: unknown } = {}): void {
    const status = options.status ?? 500;
    this.faults.push({
      method: match.method?.toUpperCase(),
      path: match.path,
      remaining: options.times ?? 1,
      status,
      body: options.body ?? { message: status >= 500 ? 'Internal Server Error' : 'Error', code: 0 },
      headers: {},
    });
  }

  /** The next `times` requests matching get a 429 with `retry_after` seconds and the X-RateLimit headers. */
  rateLimitNext(match: { method?: string; path: RegExp }, options: { times?: number; retryAfter?: number; global?: boolean } = {}): void {
    const retryAfter = options.retryAfter ?? 0.2;
    const headers: Record<string, string> = {
      'Retry-After': String(retryAfter),
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Date.now() / 1000 + retryAfter),
      'X-RateLimit-Reset-After': String(retryAfter),
      'X-RateLimit-Bucket': 'fake-bucket',
      'X-RateLimit-Scope': options.global ? 'global' : 'user',
    };
    if (options.global) headers['X-RateLimit-Global'] = 'true';
    this.faults.push({
      method: match.method?.toUpperCase(),
      path: match.path,
      remaining: options.times ?? 1,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: options.global ?? false },
      headers,
    });
  }

  /** The next `times` requests matching are answered normally, but only after `ms` (a slow Discord). */
  delayNext(match: { method?: string; path: RegExp }, ms: number, times = 1): void {
    this.delays.push({ method: match.method?.toUpperCase(), path: match.path, remaining: times, ms });
  }

  private takeDelay(method: string, path: string): number {
    const delay = this.delays.find((d) => d.remaining > 0 && (!d.method || d.method === method) && d.path.test(path));
    if (!delay) return 0;
    delay.remaining--;
    return delay.ms;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (fault) fault.remaining--;
    return fault;
  }

  // ---------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const prefix = '/api/v10';
    const path = url.pathname.startsWith(prefix) ? deepDecode(url.pathname.slice(prefix.length)) : deepDecode(url.pathname);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      status: 0,
      at: Date.now(),
    };

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.response = payload;
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      }
      this.requests.push(record);
      this.notify();
    };

    if (!url.pathname.startsWith(prefix)) return send(404, { message: '404: Not Found', code: 0 });
    const delay = this.takeDelay(method, path);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fault = this.takeFault(method, path);
    if (fault) return send(fault.status, fault.body, fault.headers);

    try {
      this.route(method, path, record, send);
    } catch (error) {
      send(500, { message: `fake discord error: ${error instanceof Error ? error.message : String(error)}`, code: 0 });
    }
  }

  private route(method: string, path: string, record: RecordedRequest, send: (status: number, payload?: unknown, headers?: Record<string, string>) => void): void {
    const body = record.body as Record<string, any> | undefined;
    let m: RegExpMatchArray | null;

    if (method === 'GET' && path === '/gateway/bot') {
      if (this.options.token && record.headers.authorization !== `Bot ${this.options.token}`) {
        return send(401, { message: '401: Unauthorized', code: 0 });
      }
      return send(200, {
        url: this.gatewayUrl,
        shards: this.options.shards ?? 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }

    if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      if (record.query.with_response === 'true') {
        const message = body?.data && (body.type === 4 || body.type === 7) ? this.message(this.guild.channelIds[0] ?? '0', body.data) : undefined;
        return send(200, {
          interaction: { id: m[1], type: 2, response_message_id: message?.id, response_message_loading: body?.type === 5, response_message_ephemeral: ((body?.data?.flags ?? 0) & 64) === 64 },
          resource: { type: body?.type, message },
        });
      }
      return send(204);
    }

    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/))) {
      if (method === 'PATCH') return send(200, this.message(this.guild.channelIds[0] ?? '0', body ?? {}, m[3] === '@original' ? undefined : m[3], true));
      if (method === 'GET') return send(200, this.message(this.guild.channelIds[0] ?? '0', {}, m[3] === '@original' ? undefined : m[3]));
      if (method === 'DELETE') return send(204);
    }

    if (method === 'POST' && path.match(/^\/webhooks\/(\d+)\/([^/]+)$/)) {
      return record.query.wait === 'false' ? send(204) : send(200, this.message(this.guild.channelIds[0] ?? '0', body ?? {}));
    }

    if (method === 'PUT' && (m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const list = Array.isArray(body) ? body : [];
      return send(
        200,
        list.map((c: Record<string, unknown>) => ({ id: snowflake(), application_id: m?.[1], guild_id: m?.[2], version: snowflake(), ...c })),
      );
    }

    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)$/))) {
      // any shard may fetch any channel the bot can see, as on Discord
      const guild = this.guilds.find((g) => g.channelIds.includes(m![1]!));
      const channel = guild ? this.channelPayload(guild, m[1]!) : undefined;
      return channel ? send(200, channel) : send(404, { message: 'Unknown Channel', code: 10003 });
    }

    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const channelId = m[1] ?? '0';
      // like Discord: with enforce_nonce, a repeated nonce returns the message already created
      const nonceKey = body?.enforce_nonce && body.nonce !== undefined ? `${channelId}:${body.nonce}` : null;
      const existing = nonceKey ? this.nonces.get(nonceKey) : undefined;
      if (existing) return send(200, existing);
      const message = this.message(channelId, body ?? {});
      if (nonceKey) this.nonces.set(nonceKey, message);
      return send(200, message);
    }

    if (method === 'PATCH' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      return send(200, this.message(m[1] ?? '0', body ?? {}, m[2], true));
    }

    send(404, { message: '404: Not Found', code: 0 });
  }

  /** A message object as Discord returns it, built from a create/edit body. */
  message(channelId: string, body: Record<string, any>, id?: string, edited = false): Record<string, unknown> {
    const now = new Date().toISOString();
    const guild = this.guilds.find((g) => g.channelIds.includes(channelId));
    return {
      id: id ?? snowflake(),
      type: 0,
      channel_id: channelId,
      ...(guild ? { guild_id: guild.id } : {}),
      author: { id: this.botUser.id, username: this.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true },
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
      application_id: this.applicationId,
    };
  }

  // ---------------------------------------------------------------- gateway

  private onConnection(socket: WebSocket): void {
    const connection: Connection = { id: this.nextConnectionId++, socket, ready: false, shard: [0, 1], session: null };
    this.connections.push(connection);
    socket.on('message', (data) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(data.toString()) as { op: number; d: any };
      } catch {
        socket.close(4002, 'decode error');
        return;
      }
      this.gateway.push({ connection: connection.id, op: payload.op, d: payload.d, at: Date.now() });
      this.onFrame(connection, payload);
      this.notify();
    });
    socket.on('close', () => {
      connection.ready = false;
      this.notify();
    });
    socket.on('error', () => undefined);
    this.sendRaw(connection, { op: 10, d: { heartbeat_interval: this.options.heartbeatInterval ?? 41_250 } });
  }

  private sendRaw(connection: Connection, payload: Record<string, unknown>): void {
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(JSON.stringify(payload));
  }

  private sendDispatch(connection: Connection, t: string, d: unknown): void {
    const session = connection.session;
    this.sendRaw(connection, { op: 0, t, s: session ? ++session.seq : 0, d });
  }

  private onFrame(connection: Connection, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case 1: // heartbeat
        this.sendRaw(connection, { op: 11 });
        return;
      case 2: {
        // identify
        this.identifyTokens.push(String(payload.d?.token));
        if (this.options.token && payload.d?.token !== this.options.token) {
          connection.socket.close(4004, 'Authentication failed.');
          return;
        }
        const shard: [number, number] = Array.isArray(payload.d?.shard) ? [Number(payload.d.shard[0]), Number(payload.d.shard[1])] : [0, 1];
        const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, shard };
        this.sessions.set(session.id, session);
        connection.shard = shard;
        connection.session = session;
        const guilds = this.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
        this.sendDispatch(connection, 'READY', {
          v: 10,
          user: { id: this.botUser.id, username: this.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: this.gatewayUrl,
          shard,
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          presences: [],
          relationships: [],
          guild_join_requests: [],
          user_settings: {},
        });
        connection.ready = true;
        for (const guild of guilds) this.sendDispatch(connection, 'GUILD_CREATE', this.guildPayload(guild));
        return;
      }
      case 6: {
        // resume
        const resumed = this.sessions.get(String(payload.d?.session_id));
        if (!resumed) {
          this.sendRaw(connection, { op: 9, d: false });
          return;
        }
        connection.session = resumed;
        connection.shard = resumed.shard;
        connection.ready = true;
        this.sendDispatch(connection, 'RESUMED', null);
        return;
      }
      default:
        return;
    }
  }

  private guildPayload(guild: FakeGuild): Record<string, unknown> {
    const me = { id: this.botUser.id, username: this.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true };
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
      roles: [{ id: guild.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 }],
      channels: guild.channelIds.map((id) => this.channelPayload(guild, id)),
      threads: [],
      members: [{ user: me, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null }],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
  }

  /** The most recent connection that completed IDENTIFY/RESUME and is still open (waits up to `timeoutMs` for one). */
  private channelPayload(guild: FakeGuild, id: string): Record<string, unknown> {
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

  /** The most recent ready, open connection; with `guildId`, the one of the shard that guild lives on. */
  readyConnection(timeoutMs = 5000, guildId?: string): Promise<Connection> {
    return this.until(
      () =>
        [...this.connections]
          .reverse()
          .find((c) => c.ready && c.socket.readyState === WebSocket.OPEN && (guildId === undefined || shardOf(guildId, c.shard[1]) === c.shard[0])),
      timeoutMs,
      guildId ? `a ready gateway connection for guild ${guildId}` : 'a ready gateway connection',
    );
  }

  /** Sends a dispatch event on the connection of the shard that holds `guildId` (any ready one without it). */
  async dispatch(t: string, d: unknown, timeoutMs = 5000, guildId?: string): Promise<void> {
    const connection = await this.readyConnection(timeoutMs, guildId);
    this.sendDispatch(connection, t, d);
  }

  /** Closes the current gateway socket from the server side (4000: the client resumes; 1000: it identifies again). */
  async dropSocket(code = 4000): Promise<number> {
    const connection = await this.readyConnection();
    connection.ready = false;
    connection.socket.close(code, 'dropped by test');
    return connection.id;
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  // ---------------------------------------------------------------- interactions

  private interactionBase(type: number, user: InteractionUser = {}): { id: string; token: string; payload: Record<string, any> } {
    const guild = this.guilds.find((g) => g.id === user.guildId) ?? this.guild;
    const channelId = guild.channelIds[0] ?? snowflake();
    const id = snowflake();
    const token = `itok_${id}_${randomBytes(12).toString('hex')}`;
    const userId = user.id ?? '123456789012345678';
    const payload: Record<string, any> = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'ko', features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guild.id, name: 'study-0', position: 0, permission_overwrites: [], nsfw: false, parent_id: null, flags: 0 },
      member: {
        user: { id: userId, username: user.username ?? 'student', discriminator: '0', global_name: user.username ?? 'student', avatar: null },
        roles: [],
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

  /** Dispatches a slash command (type 2). `options` are raw API options (e.g. `{ name: 'question', type: 3, value }`). */
  async slash(name: string, options: ApiOption[] = [], user: InteractionUser = {}): Promise<SentInteraction> {
    const { id, token, payload } = this.interactionBase(2, user);
    payload.data = { id: snowflake(), name, type: 1, guild_id: payload.guild_id, options };
    const at = Date.now();
    await this.dispatch('INTERACTION_CREATE', payload, 5000, payload.guild_id);
    return { id, token, from: this.requests.length, at };
  }

  /** Dispatches an autocomplete interaction (type 4); the option named `focused` carries `focused: true`. */
  async autocomplete(name: string, focused: { name: string; value: string }, others: ApiOption[] = [], user: InteractionUser = {}): Promise<SentInteraction> {
    const { id, token, payload } = this.interactionBase(4, user);
    payload.data = { id: snowflake(), name, type: 1, guild_id: payload.guild_id, options: [...others, { name: focused.name, type: 3, value: focused.value, focused: true }] };
    const at = Date.now();
    await this.dispatch('INTERACTION_CREATE', payload, 5000, payload.guild_id);
    return { id, token, from: this.requests.length, at };
  }

  /** Dispatches a button press (type 3) on a message the bot sent (`message`: a recorded response body; made up when omitted). */
  async button(customId: string, user: InteractionUser = {}, message?: Record<string, any>): Promise<SentInteraction> {
    // a button is pressed where its message is
    const { id, token, payload } = this.interactionBase(3, message?.guild_id && !user.guildId ? { ...user, guildId: message.guild_id } : user);
    payload.message =
      message ??
      this.message(payload.channel_id as string, {
        content: 'a message with a button',
        components: [{ type: 1, components: [{ type: 2, style: 2, label: 'open', custom_id: customId }] }],
      });
    if (message?.channel_id) {
      payload.channel_id = message.channel_id;
      payload.channel.id = message.channel_id;
    }
    payload.data = { custom_id: customId, component_type: 2 };
    const at = Date.now();
    await this.dispatch('INTERACTION_CREATE', payload, 5000, payload.guild_id);
    return { id, token, from: this.requests.length, at };
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
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

export interface InteractionUser {
  id?: string;
  username?: string;
  /** the member's permissions in the channel, a decimal bit string */
  permissions?: string;
  locale?: string;
  /** the server the interaction comes from (the fake's first guild by default) */
  guildId?: string;
}

export interface ApiOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: ApiOption[];
  focused?: boolean;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** number of recorded requests when it was sent */
  from: number;
  /** when it was dispatched (ms) */
  at: number;
}
