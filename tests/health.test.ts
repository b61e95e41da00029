import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { HEALTH_PATHS, type HealthServer, readinessChecks, startHealthServer } from '../src/health.js';
import { route } from '../src/router.js';
import { silentLogger, testApp } from './helpers.js';

let app: App;
let server: HealthServer;
let gatewayUp = true;
const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server.port}${path}`, init);

beforeAll(async () => {
  // SQLite, so that closing the store really cuts it off
  const dir = await mkdtemp(join(tmpdir(), 'studybot-health-'));
  app = await testApp({ STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  const checks = readinessChecks(app, { gateway: () => (gatewayUp ? { ok: true } : { ok: false, detail: 'not connected to the Discord gateway' }) });
  server = await startHealthServer({ port: 0, host: '127.0.0.1', registry: app.metrics.registry, checks, logger: silentLogger() });
});

afterAll(async () => {
  await server.close();
});

describe('health endpoints', () => {
  it('/healthz answers while the process runs', async () => {
    const res = await get(HEALTH_PATHS.live);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('/readyz is 200 with every check passing', async () => {
    const res = await get(HEALTH_PATHS.ready);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['content', 'gateway', 'store']);
    expect(body.checks.content?.detail).toMatch(/^\d+ notes, \d+ sections$/);
  });

  it('/readyz is 503 and names the failing check when the gateway is down', async () => {
    gatewayUp = false;
    const res = await get(HEALTH_PATHS.ready);
    gatewayUp = true;
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.ready).toBe(false);
    expect(body.checks.gateway).toEqual({ ok: false, detail: 'not connected to the Discord gateway' });
    expect(body.checks.store?.ok).toBe(true);
  });

  it('/metrics counts interactions by command and outcome, in Prometheus text format', async () => {
    const caller = { userId: '200000000000000001', userName: 'me', guildId: '300000000000000001', channelId: '400000000000000001', locale: 'ko', canManageGuild: false };
    await route(app, caller, { kind: 'command', name: 'ask', subcommand: null, options: { question: '파드' } });
    await route(app, caller, { kind: 'command', name: 'reload', subcommand: null, options: {} });
    await route(app, caller, { kind: 'command', name: 'made-up-name', subcommand: null, options: {} });
    const res = await get(HEALTH_PATHS.metrics);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE studybot_interactions_total counter');
    expect(text).toContain('studybot_interactions_total{command="ask",kind="command",outcome="served"} 1');
    expect(text).toContain('studybot_interactions_total{command="reload",kind="command",outcome="refused"} 1');
    // user-typed names never become label values
    expect(text).toContain('studybot_interactions_total{command="(unknown)",kind="command",outcome="unknown"} 1');
    expect(text).not.toContain('made-up-name');
  });

  it('serves nothing else', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/healthz', { method: 'POST' })).status).toBe(405);
  });

  it('/readyz reports the store once it is closed', async () => {
    await app.close();
    const res = await get(HEALTH_PATHS.ready);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.store?.ok).toBe(false);
  });
});
