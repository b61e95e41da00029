/**
 * A graceful stop is bounded: with the store frozen, replies in flight never
 * finish, and SIGTERM must still end the session in time (an orchestrator's
 * SIGKILL comes 10-30 s after it), saying what was left unanswered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createClient, serveDiscord } from '../../src/discord/client.js';
import { discordQuizChannel } from '../../src/discord/quiz-channel.js';
import { logSink } from '../quiz-helpers.js';
import { type ApiOption, FakeDiscord, type InteractionUser, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-stop.token_for_tests_only';
const ADMIN: InteractionUser = { id: '100000000000000001', username: 'admin', permissions: '32' };
const guildId = snowflake();
const channel = snowflake();
let fake: FakeDiscord | undefined;
let dir: string | undefined;

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('shutdown', { timeout: 20_000 }, () => {
  it('with the store frozen, SIGTERM ends within its bound and logs what was left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'studybot-e2e-stop-'));
    const guilds = [{ id: guildId, name: 'k8s study', channelIds: [channel] }];
    fake = await FakeDiscord.start({ token: TOKEN, heartbeatInterval: 1500, guilds });
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`,
    });
    const sink = logSink('info');
    const client = createClient(config, { retries: 0, timeout: 2000 });
    const app = await createApp(config, { logger: sink.logger, commands, gateway: discordQuizChannel(client) });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    const session = await serveDiscord(app, client, { shutdownWaitMs: 300 });
    await ready;

    // the store freezes: every write hangs
    app.store.set = (() => new Promise(() => {})) as typeof app.store.set;
    const options: ApiOption[] = [{ name: 'time', type: 1, options: [{ name: 'time', type: 3, value: '08:30' }] }];
    await fake.slash('config', options, ADMIN);
    await fake.until(() => (session.inFlight.size > 0 ? true : undefined), 3000, 'the command in flight');

    const stopped = session.shutdown('SIGTERM').then(() => 'stopped');
    const hung = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000));
    expect(await Promise.race([stopped, hung])).toBe('stopped');
    expect(client.isReady()).toBe(false);
    const gaveUp = sink.lines().find((l) => String(l.msg).startsWith('shutdown: stopped waiting'));
    expect(gaveUp).toMatchObject({ level: 40, inFlight: 1, waitMs: 300 });
    expect(String((gaveUp!.left as string[])[0])).toMatch(/^\/config \(\d+, user 100000000000000001\)$/);
  });
});
