import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { App } from './app.js';
import type { Logger } from './logger.js';

/** The paths the Dockerfile's HEALTHCHECK and the Kubernetes probes use (tests check the manifests against these). */
export const HEALTH_PATHS = { live: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

export interface Check {
  ok: boolean;
  detail?: string;
  /** the note sources: notes, sections, commit, last sync, last error (the content check) */
  sources?: SourceStatus[];
}

export interface SourceStatus {
  name: string;
  kind: 'path' | 'git';
  notes: number;
  sections: number;
  commit?: string;
  lastSync?: string;
  lastError?: string;
}

/** What --check and /readyz say about each source (the checkout folder stays private). */
export function sourceStatuses(app: App): SourceStatus[] {
  return (app.library.current.sources ?? []).map((s) => ({
    name: s.name,
    kind: s.kind,
    notes: s.notes,
    sections: s.sections,
    ...(s.commit ? { commit: s.commit } : {}),
    ...(s.lastSync ? { lastSync: s.lastSync } : {}),
    ...(s.lastError ? { lastError: s.lastError } : {}),
  }));
}

/** What readiness is made of: each check is asked on every /readyz. */
export type ReadinessChecks = Record<string, () => Check | Promise<Check>>;

/** A store round trip that must answer within `timeoutMs`, or the store counts as unreachable. */
async function storeCheck(app: App, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const probe = app.store.get('health:probe').then(
    () => ({ ok: true }),
    (err: unknown) => ({ ok: false, detail: err instanceof Error ? err.message : String(err) }),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One line per source for `npm start -- --check`. */
export function formatSources(sources: readonly SourceStatus[]): string[] {
  return sources.map(
    (s) =>
      `  source ${s.name} (${s.kind}): ${s.notes} notes, ${s.sections} sections` +
      `${s.commit ? `, commit ${s.commit.slice(0, 12)}` : ''}` +
      `${s.lastSync ? `, last sync ${s.lastSync}` : ''}` +
      `${s.lastError ? `, last error: ${s.lastError}` : ''}`,
  );
}

/** Content indexed and store reachable, plus whatever the mode adds (the Discord gateway). */
export function readinessChecks(app: App, extra: ReadinessChecks = {}): ReadinessChecks {
  return {
    content: () => {
      const { corpus } = app.library.current;
      const sources = sourceStatuses(app);
      return corpus.notes.length > 0
        ? { ok: true, detail: `${corpus.notes.length} notes, ${corpus.sections.length} sections`, sources }
        : { ok: false, detail: 'no notes indexed', sources };
    },
    store: () => storeCheck(app, 1000),
    ...extra,
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The optional HTTP listener (HEALTH_PORT): /healthz answers while the process
 * runs, /readyz only when every readiness check passes (503 with the failing
 * ones otherwise), /metrics in Prometheus text format. Nothing else is served.
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  checks: ReadinessChecks;
  logger: Logger;
}): Promise<HealthServer> {
  const { registry, checks, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const answer = async () => {
      if (path === HEALTH_PATHS.live) return send(200, 'text/plain; charset=utf-8', 'ok\n');
      if (path === HEALTH_PATHS.ready) {
        const results = Object.fromEntries(
          await Promise.all(
            Object.entries(checks).map(
              async ([name, check]) =>
                [
                  name,
                  await Promise.resolve()
                    .then(check)
                    .catch((err: unknown) => ({ ok: false, detail: String(err) })),
                ] as const,
            ),
          ),
        );
        const ready = Object.values(results).every((r) => r.ok);
        return send(ready ? 200 : 503, 'application/json', `${JSON.stringify({ ready, checks: results })}\n`);
      }
      if (path === HEALTH_PATHS.metrics) return send(200, registry.contentType, await registry.metrics());
      return send(404, 'text/plain; charset=utf-8', 'not found\n');
    };
    answer().catch((err: unknown) => {
      logger.error({ err, path }, 'health endpoint failed');
      if (!res.headersSent) send(500, 'text/plain; charset=utf-8', 'error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, paths: HEALTH_PATHS }, 'health endpoints listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
