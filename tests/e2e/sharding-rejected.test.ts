/**
 * `npm run start:sharded` with a token Discord rejects: the manager must exit non-zero with the
 * reason, not respawn the shard forever (nor wait for it). Runs src/shard.ts as the manager process
 * against the fake Discord, which answers GET /gateway/bot with a bad token with 401.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ACCEPTED = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.accepted.token_for_tests_only';
const REJECTED = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.rejected.token_for_tests_only';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start({ token: ACCEPTED, shards: 2 });
});

afterAll(async () => {
  await fake?.close();
});

describe('start:sharded with a rejected token', () => {
  it('exits non-zero, naming the shard and the reason, without starting it again', async () => {
    const manager = spawn(process.execPath, ['--import', 'tsx', 'src/shard.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DISCORD_TOKEN: REJECTED,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        SHARD_COUNT: '2',
        STORE_URL: 'memory:',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    manager.stdout.on('data', (c: Buffer) => (output += c.toString()));
    manager.stderr.on('data', (c: Buffer) => (output += c.toString()));
    // old behaviour: it never exits; give up well before the test's own timeout
    const timer = setTimeout(() => manager.kill('SIGKILL'), 45_000);
    const code = await new Promise<number | null>((resolve) => manager.on('exit', resolve));
    clearTimeout(timer);
    expect(code, output).toBe(1);
    expect(output).toMatch(/shard 0: An invalid token was provided/);
    expect(output).not.toContain(REJECTED);
    // shard 0 asked for the gateway once (401) and was not started again; shard 1 never started
    expect(fake.requests.filter((r) => r.path === '/gateway/bot').map((r) => r.status)).toEqual([401]);
    expect(fake.identifyTokens).toEqual([]);
  }, 60_000);
});
