/**
 * The Docker image's production steps, reproduced without Docker (no engine
 * runs here): compile, install production dependencies only into a clean
 * folder, then start the built bot as an unprivileged user: `npm start --
 * --check`, bad settings, and the health endpoints with a SIGTERM stop.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
/** root (CI, containers) runs the bot as `nobody`, like the image's `node` user; anyone else already is unprivileged */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

let work: string;
let app: string;
let data: string;

/** Runs `command` in the clean folder as the unprivileged user, with only the given environment. */
function asUser(command: string, args: string[], env: Record<string, string>, timeout = 60_000) {
  return run(command, args, {
    cwd: app,
    timeout,
    env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), npm_config_cache: join(work, 'home', '.npm'), npm_config_update_notifier: 'false', ...env },
    ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The run stage's ENV (from the last FROM on), as the image sets it. */
function imageEnv(dockerfile: string): Record<string, string> {
  const stage = dockerfile.replace(/\\\n/g, ' ').split(/^FROM /m).pop() ?? '';
  const env: Record<string, string> = {};
  for (const line of stage.split('\n')) {
    const pairs = /^ENV\s+(.+)$/.exec(line.trim())?.[1]?.trim().split(/\s+/) ?? [];
    for (const pair of pairs) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  }
  return env;
}

/** `docker run --env-file`: KEY=VALUE taken verbatim, comments and blank lines skipped; a value there replaces the image's. */
function dockerEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || !trimmed.includes('=')) continue;
    env[trimmed.slice(0, trimmed.indexOf('='))] = trimmed.slice(trimmed.indexOf('=') + 1);
  }
  return env;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studybot-prod-'));
  app = join(work, 'app');
  data = join(work, 'data');
  mkdirSync(app);
  // 1. build, as the image's build stage does (`npm run build`), into the clean folder
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', join(app, 'dist'), '--tsBuildInfoFile', join(work, 'tsbuildinfo')], { cwd: ROOT, timeout: 120_000 });
  for (const entry of ['package.json', 'package-lock.json', 'scripts', 'content']) cpSync(join(ROOT, entry), join(app, entry), { recursive: true });
  // 2. production dependencies only. Install scripts are skipped because sqlite3's would compile it
  // again (minutes): its binary, built by the checkout's own `npm ci` on this machine, is copied in.
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, timeout: 180_000 });
  cpSync(join(ROOT, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'), join(app, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
  // 3. the app is read-only to the bot's user; only the data folder and its home are its own
  mkdirSync(data);
  mkdirSync(join(work, 'home'));
  chmodSync(work, 0o755);
  if (AS_ROOT) {
    chownSync(data, NOBODY, NOBODY);
    chownSync(join(work, 'home'), NOBODY, NOBODY);
  }
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('production steps, outside Docker', () => {
  it('installs production dependencies only', () => {
    expect(existsSync(join(app, 'node_modules', 'discord.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', '@keyv', 'sqlite'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'tsx', 'minisearch']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src'))).toBe(false);
  });

  it('`npm start -- --check` validates, indexes, opens the store and exits 0, as an unprivileged user', async () => {
    const { stdout } = await asUser('npm', ['start', '--silent', '--', '--check'], { STORE_URL: `sqlite://${join(data, 'bot.sqlite')}`, NODE_ENV: 'production' });
    const counts = /ok: (\d+) notes, (\d+) sections indexed in \d+ ms; (\d+) quiz questions; store sqlite open; mode: offline console/.exec(stdout);
    expect(counts, stdout).not.toBeNull();
    expect(Number(counts![1])).toBeGreaterThanOrEqual(40);
    expect(Number(counts![3])).toBeGreaterThanOrEqual(200);
    // written by the unprivileged user, not root
    if (AS_ROOT) expect(statSync(join(data, 'bot.sqlite')).uid).toBe(NOBODY);
  }, 60_000);

  it('`--check` exits non-zero with the reason for bad settings and for missing content', async () => {
    const badZone = await asUser('npm', ['start', '--silent', '--', '--check'], { STORE_URL: `sqlite://${join(data, 'bot.sqlite')}`, TZ_DEFAULT: 'Mars/Base' }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in badZone && badZone.code).toBe(1);
    expect(badZone.stderr).toContain('TZ_DEFAULT');
    const noNotes = await asUser('npm', ['start', '--silent', '--', '--check'], { STORE_URL: `sqlite://${join(data, 'bot.sqlite')}`, CONTENT_DIR: join(work, 'no-such-folder') }).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect('code' in noNotes && noNotes.code).toBe(1);
    expect(`${noNotes.stdout}${noNotes.stderr}`).toMatch(/no-such-folder|0 notes/);
  }, 60_000);

  it('serves the health endpoints the HEALTHCHECK uses, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), NODE_ENV: 'production', HEALTH_PORT: String(port), STORE_URL: `sqlite://${join(data, 'bot.sqlite')}` };
    // the image's CMD, with stdin held open so the console keeps running
    const bot = spawn(process.execPath, ['dist/src/index.js'], { cwd: app, env, stdio: ['pipe', 'pipe', 'pipe'], ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}) });
    let stderr = '';
    bot.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
    try {
      let ready = false;
      for (let i = 0; i < 100 && !ready; i++) {
        ready = await run(process.execPath, ['scripts/healthcheck.mjs', '/readyz'], { cwd: app, env }).then(
          () => true,
          () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100)),
        );
      }
      expect(ready, stderr).toBe(true);
      const body = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
      expect(Object.keys(body.checks).sort()).toEqual(['content', 'gateway', 'store']);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('studybot_process_resident_memory_bytes');
      // production logs are JSON lines
      const firstLog = stderr.split('\n').find((l) => l.startsWith('{'));
      if (firstLog) expect(() => JSON.parse(firstLog)).not.toThrow();
    } finally {
      bot.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('.env.example, copied to .env', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('keeps the image\'s STORE_URL and HEALTH_PORT with `docker run --env-file`, and the image\'s CMD starts with it', async () => {
    const image = imageEnv(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(image).toMatchObject({ NODE_ENV: 'production', STORE_URL: 'sqlite:///data/bot.sqlite', HEALTH_PORT: '8080' });
    const env = { ...image, ...dockerEnvFile(example) };
    const config = loadConfig(env);
    expect(config).toMatchObject({ storeUrl: image.STORE_URL, healthPort: 8080, production: true });
    // the image's CMD with that environment, its /data volume being this test's data folder
    const here = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('/data/', `${data}/`)]));
    const { stdout } = await asUser(process.execPath, ['dist/src/index.js', '--check'], here);
    expect(stdout).toMatch(/ok: .* store sqlite open; mode: offline console/);
  }, 60_000);

  it('leaves every setting at its default for `npm start` (an empty value counts as unset)', () => {
    const config = loadConfig(parseEnv(example));
    expect(config).toMatchObject({ storeUrl: 'sqlite://data/bot.sqlite', healthPort: undefined, contentDir: 'content/notes', logLevel: 'info', discordToken: undefined });
    expect(example).toMatch(/^# BOT_LOCALE=/m);
    expect(example).toMatch(/^# STORE_URL=memory:/m);
  });
});

describe('the image definition matches these steps', () => {
  it('copies what this test copies and runs what it runs', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    for (const entry of ['package.json', 'scripts', 'content', 'dist']) expect(dockerfile).toContain(entry);
    expect(dockerfile).toContain('npm run build');
  });
});
