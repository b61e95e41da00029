/**
 * The fake's REST API: one table of routes (method, path pattern, answer), the
 * faults and delays a test injects, and a record of every request.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { channelPayload, type FakeGuild, snowflake } from './payloads.js';

export interface RecordedRequest {
  method: string;
  /** path after `/api/v10`, percent-decoded, without the query (e.g. `/webhooks/1/t/messages/@original`) */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /**
   * parsed JSON body, the raw text when it is not JSON, undefined when empty; a multipart upload
   * (files) is its `payload_json` with the uploaded parts as `files`
   */
  body: any;
  status: number;
  /** the JSON the fake answered with */
  response?: any;
  at: number;
}

export interface Match {
  method?: string;
  path: RegExp;
}

interface Fault {
  method?: string;
  path: RegExp;
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

type Send = (status: number, payload?: unknown, headers?: Record<string, string>) => void;

/** What the routes read: the fake's state, and how it builds messages. */
export interface RestFacts {
  /** the bot token GET /gateway/bot accepts; any token when undefined */
  token?: string;
  shards: number;
  guilds: FakeGuild[];
  gatewayUrl: () => string;
  /** a message object in a channel (see payloads.ts) */
  message: (channelId: string, body: Record<string, any>, id?: string, edited?: boolean) => Record<string, unknown>;
  /** the channel an interaction (by its token) came from: its replies and follow-ups are posted there */
  channelOfToken: (token: string) => string;
  /** called after every recorded request (the fake's waiters re-check) */
  notify: () => void;
}

interface Route {
  method: string;
  path: RegExp;
  answer: (request: { match: RegExpMatchArray; record: RecordedRequest; body: Record<string, any> | undefined }, send: Send) => void;
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

const PREFIX = '/api/v10';

/** One uploaded part of a multipart/form-data body (an attachment). */
export interface UploadedFile {
  field: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
  /** the same bytes read as UTF-8 text (an exported bank) */
  content: string;
}

/** Splits a multipart/form-data body: `payload_json` is the message, the other parts its files. */
export function parseMultipart(raw: Buffer, contentType: string): Record<string, any> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  const files: UploadedFile[] = [];
  let payload: Record<string, any> = {};
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = raw.subarray(start + 2, next - 2); // past the CRLF after the delimiter, before the CRLF ending the part
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const field = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    if (field === 'payload_json') payload = JSON.parse(data.toString('utf8'));
    else {
      const filename = /filename="([^"]*)"/.exec(head)?.[1];
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      files.push({ field, filename, contentType, data, content: data.toString('utf8') });
    }
    at = next;
  }
  // an interaction callback carries its message in `data`: its files are seen there too
  if (payload.data && typeof payload.data === 'object') payload.data.files = files;
  return { ...payload, files };
}

export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly delays: { method?: string; path: RegExp; remaining: number; ms: number }[] = [];
  /** files served outside the API, as Discord's CDN serves attachments: path -> content */
  readonly files = new Map<string, string | Buffer>();
  /** `channelId:nonce` -> the message created with it (enforce_nonce) */
  private readonly nonces = new Map<string, Record<string, unknown>>();
  private readonly routes: Route[];
  /** member id -> the DM channel opened with them */
  readonly dmChannels = new Map<string, string>();

  constructor(private readonly facts: RestFacts) {
    this.routes = this.table();
  }

  /** The routes, first match wins; anything else is a 404. */
  private table(): Route[] {
    const { facts } = this;
    const webhookMessage = (match: RegExpMatchArray) => (match[3] === '@original' ? undefined : match[3]);
    return [
      {
        method: 'GET',
        path: /^\/gateway\/bot$/,
        answer: ({ record }, send) => {
          if (facts.token && record.headers.authorization !== `Bot ${facts.token}`) return send(401, { message: '401: Unauthorized', code: 0 });
          send(200, {
            url: facts.gatewayUrl(),
            shards: facts.shards,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
          });
        },
      },
      {
        method: 'POST',
        path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
        answer: ({ match, record, body }, send) => {
          if (record.query.with_response !== 'true') return send(204);
          const withMessage = body?.data && (body.type === 4 || body.type === 7);
          const message = withMessage ? facts.message(facts.channelOfToken(match[2]!), body.data) : undefined;
          send(200, {
            interaction: {
              id: match[1],
              type: 2,
              response_message_id: message?.id,
              response_message_loading: body?.type === 5,
              response_message_ephemeral: ((body?.data?.flags ?? 0) & 64) === 64,
            },
            resource: { type: body?.type, message },
          });
        },
      },
      {
        method: 'PATCH',
        path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
        answer: ({ match, body }, send) => send(200, facts.message(facts.channelOfToken(match[2]!), body ?? {}, webhookMessage(match), true)),
      },
      {
        method: 'GET',
        path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
        answer: ({ match }, send) => send(200, facts.message(facts.channelOfToken(match[2]!), {}, webhookMessage(match))),
      },
      { method: 'DELETE', path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, answer: (_, send) => send(204) },
      {
        method: 'POST',
        path: /^\/webhooks\/(\d+)\/([^/]+)$/,
        answer: ({ match, record, body }, send) =>
          record.query.wait === 'false' ? send(204) : send(200, facts.message(facts.channelOfToken(match[2]!), body ?? {})),
      },
      {
        method: 'PUT',
        path: /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
        answer: ({ match, body }, send) => {
          const list = Array.isArray(body) ? body : [];
          send(
            200,
            list.map((c: Record<string, unknown>) => ({ id: snowflake(), application_id: match[1], guild_id: match[2], version: snowflake(), ...c })),
          );
        },
      },
      {
        // a DM channel with a member: the same id for the same member, like Discord
        method: 'POST',
        path: /^\/users\/@me\/channels$/,
        answer: ({ body }, send) => {
          const recipient = String(body?.recipient_id ?? '');
          let id = this.dmChannels.get(recipient);
          // 9 + the member id's tail: a test can aim a fault at one member's DM channel before it exists
          if (!id) this.dmChannels.set(recipient, (id = `9${recipient.slice(1)}`));
          send(200, { id, type: 1, last_message_id: null, recipients: [{ id: recipient, username: `member-${recipient.slice(-4)}`, discriminator: '0', global_name: null, avatar: null }] });
        },
      },
      {
        method: 'GET',
        path: /^\/channels\/(\d+)$/,
        answer: ({ match }, send) => {
          // any shard may fetch any channel the bot can see, as on Discord
          const guild = facts.guilds.find((g) => g.channelIds.includes(match[1]!));
          return guild ? send(200, channelPayload(guild, match[1]!)) : send(404, { message: 'Unknown Channel', code: 10003 });
        },
      },
      {
        method: 'POST',
        path: /^\/channels\/(\d+)\/messages$/,
        answer: ({ match, body }, send) => {
          const channelId = match[1] ?? '0';
          // like Discord: with enforce_nonce, a repeated nonce returns the message already created
          const nonceKey = body?.enforce_nonce && body.nonce !== undefined ? `${channelId}:${body.nonce}` : null;
          const existing = nonceKey ? this.nonces.get(nonceKey) : undefined;
          if (existing) return send(200, existing);
          const message = facts.message(channelId, body ?? {});
          if (nonceKey) this.nonces.set(nonceKey, message);
          send(200, message);
        },
      },
      {
        method: 'PATCH',
        path: /^\/channels\/(\d+)\/messages\/(\d+)$/,
        answer: ({ match, body }, send) => send(200, facts.message(match[1] ?? '0', body ?? {}, match[2], true)),
      },
    ];
  }

  // ---------------------------------------------------------------- faults

  /** The next `times` requests matching method/path get `status` (500 by default) instead of their answer. */
  failNext(match: Match, options: { times?: number; status?: number; body?: unknown } = {}): void {
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
  rateLimitNext(match: Match, options: { times?: number; retryAfter?: number; global?: boolean } = {}): void {
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
  delayNext(match: Match, ms: number, times = 1): void {
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

  // ---------------------------------------------------------------- serving

  async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    if (contentType.startsWith('multipart/form-data')) body = parseMultipart(bytes, contentType);
    else if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(PREFIX) ? decodePath(url.pathname.slice(PREFIX.length)) : decodePath(url.pathname);
    const record: RecordedRequest = { method, path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status: 0, at: Date.now() };

    const send: Send = (status, payload, headers = {}) => {
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
      this.facts.notify();
    };

    const file = method === 'GET' ? this.files.get(url.pathname) : undefined;
    if (file !== undefined) {
      record.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(Buffer.byteLength(file)) });
      res.end(file);
      this.requests.push(record);
      this.facts.notify();
      return;
    }
    if (!url.pathname.startsWith(PREFIX)) return send(404, { message: '404: Not Found', code: 0 });
    const delay = this.takeDelay(method, path);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fault = this.takeFault(method, path);
    if (fault) return send(fault.status, fault.body, fault.headers);

    try {
      for (const route of this.routes) {
        const match = route.method === method ? path.match(route.path) : null;
        if (match) return route.answer({ match, record, body: record.body as Record<string, any> | undefined }, send);
      }
      send(404, { message: '404: Not Found', code: 0 });
    } catch (error) {
      send(500, { message: `fake discord error: ${error instanceof Error ? error.message : String(error)}`, code: 0 });
    }
  }
}
