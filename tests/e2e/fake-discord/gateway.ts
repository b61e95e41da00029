/**
 * The fake's gateway: a WebSocket server that says HELLO, answers heartbeats,
 * IDENTIFY (READY, then one GUILD_CREATE per guild of the shard) and RESUME, and
 * sends dispatches with an increasing sequence number per session. It records
 * every payload a client sends.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket, type WebSocketServer } from 'ws';
import { type BotUser, type FakeGuild, guildPayload, readyPayload, shardOf } from './payloads.js';

/** Gateway opcodes (Discord's numbers). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Close codes the fake uses. */
export const CloseCode = { DecodeError: 4002, AuthenticationFailed: 4004 } as const;

/** A payload a client sent on the gateway. */
export interface GatewayFrame {
  connection: number;
  op: number;
  d: any;
  at: number;
}

export interface Connection {
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

export interface GatewayFacts {
  bot: BotUser;
  applicationId: string;
  guilds: FakeGuild[];
  /** the token IDENTIFY must carry; any token when undefined */
  token?: string;
  heartbeatInterval: number;
  /** the URL READY names for resuming */
  url: () => string;
  /** called after every frame and every close (the fake's waiters re-check) */
  notify: () => void;
}

export class FakeGateway {
  /** every payload the clients sent, in order */
  readonly frames: GatewayFrame[] = [];
  /** tokens seen in IDENTIFY payloads, in order */
  readonly identifyTokens: string[] = [];
  readonly connections: Connection[] = [];
  private nextConnectionId = 1;
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly wss: WebSocketServer,
    private readonly facts: GatewayFacts,
  ) {
    wss.on('connection', (socket) => this.onConnection(socket));
  }

  private onConnection(socket: WebSocket): void {
    const connection: Connection = { id: this.nextConnectionId++, socket, ready: false, shard: [0, 1], session: null };
    this.connections.push(connection);
    socket.on('message', (data) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(data.toString()) as { op: number; d: any };
      } catch {
        socket.close(CloseCode.DecodeError, 'decode error');
        return;
      }
      this.frames.push({ connection: connection.id, op: payload.op, d: payload.d, at: Date.now() });
      this.onFrame(connection, payload);
      this.facts.notify();
    });
    socket.on('close', () => {
      connection.ready = false;
      this.facts.notify();
    });
    socket.on('error', () => undefined);
    this.send(connection, { op: Op.Hello, d: { heartbeat_interval: this.facts.heartbeatInterval } });
  }

  private send(connection: Connection, payload: Record<string, unknown>): void {
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(JSON.stringify(payload));
  }

  /** A dispatch (op 0) with the session's next sequence number. */
  dispatch(connection: Connection, t: string, d: unknown): void {
    const session = connection.session;
    this.send(connection, { op: Op.Dispatch, t, s: session ? ++session.seq : 0, d });
  }

  private onFrame(connection: Connection, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case Op.Heartbeat:
        this.send(connection, { op: Op.HeartbeatAck });
        return;
      case Op.Identify:
        this.identify(connection, payload.d);
        return;
      case Op.Resume: {
        const resumed = this.sessions.get(String(payload.d?.session_id));
        if (!resumed) {
          this.send(connection, { op: Op.InvalidSession, d: false });
          return;
        }
        connection.session = resumed;
        connection.shard = resumed.shard;
        connection.ready = true;
        this.dispatch(connection, 'RESUMED', null);
        return;
      }
      default:
        return;
    }
  }

  private identify(connection: Connection, d: any): void {
    const { token, guilds, bot, applicationId } = this.facts;
    this.identifyTokens.push(String(d?.token));
    if (token && d?.token !== token) {
      connection.socket.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const shard: [number, number] = Array.isArray(d?.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, shard };
    this.sessions.set(session.id, session);
    connection.shard = shard;
    connection.session = session;
    const held = guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    this.dispatch(connection, 'READY', readyPayload({ bot, applicationId }, session, held, this.facts.url()));
    connection.ready = true;
    for (const guild of held) this.dispatch(connection, 'GUILD_CREATE', guildPayload(guild, bot));
  }

  /** The most recent ready, open connection; with `guildId`, the one of the shard that guild lives on. */
  readyConnection(guildId?: string): Connection | undefined {
    return [...this.connections]
      .reverse()
      .find((c) => c.ready && c.socket.readyState === WebSocket.OPEN && (guildId === undefined || shardOf(guildId, c.shard[1]) === c.shard[0]));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
