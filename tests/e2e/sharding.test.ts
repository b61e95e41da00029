/**
 * Two shard processes under discord.js's ShardingManager against a fake Discord
 * that serves two shards, sharing one store (Redis or PostgreSQL when
 * scripts/services.sh runs them, else one SQLite file). Four servers, two per
 * shard, all configured before the shards start, so both processes know every
 * server: each server's quiz must still be posted once, by its own shard, and
 * its answers counted once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShards, type Shards } from '../../src/discord/sharding.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { QuizStore } from '../../src/store/quiz-store.js';
import { silentLogger } from '../helpers.js';
import { FakeDiscord, type FakeGuild, Op, type RecordedRequest, type SentInteraction, shardOf, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-shards.token_for_tests_only';
const ROOT = join(import.meta.dirname, '..', '..');
const EPHEMERAL = 64;

/** two servers on shard 0 and two on shard 1 (ids differ in their timestamp bits) */
function guildsOnTwoShards(): FakeGuild[] {
  const byShard: FakeGuild[][] = [[], []];
  while (byShard[0]!.length < 2 || byShard[1]!.length < 2) {
    const id = snowflake();
    const list = byShard[shardOf(id, 2)]!;
    if (list.length < 2) list.push({ id, name: `study ${id.slice(-4)}`, channelIds: [snowflake()] });
  }
  return [...byShard[0]!, ...byShard[1]!];
}

const backend = process.env.TEST_REDIS_URL ? 'redis' : process.env.TEST_POSTGRES_URL ? 'postgres' : 'sqlite';
let storeUrl: string;
let dir: string;
let fake: FakeDiscord;
let shards: Shards;
const guilds = guildsOnTwoShards();
const savedEnv = { ...process.env };

const postsTo = (channelId: string): RecordedRequest[] => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

async function replyText(sent: SentInteraction): Promise<string> {
  const callback = await fake.callback(sent, 8000);
  expect((callback.body?.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  return JSON.stringify(callback.body?.data);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studybot-shards-'));
  storeUrl = process.env.TEST_REDIS_URL || process.env.TEST_POSTGRES_URL || `sqlite://${join(dir, 'shared.sqlite')}`;
  if (backend !== 'sqlite') console.info(`sharding e2e: shared ${backend} store`);
  else console.info('sharding e2e: shared SQLite file (start Redis/PostgreSQL with `bash scripts/services.sh start` to use them)');

  // every server configured before the shards start: post time 00:00, so the first tick posts.
  // Fresh server ids on every run keep runs apart in a long-lived Redis or PostgreSQL.
  const seed = await openStore(storeUrl);
  const records = new QuizStore(seed, 'Asia/Seoul');
  await records.load();
  for (const g of guilds) await records.updateSettings(g.id, (s) => ({ ...s, channelId: g.channelIds[0]!, postTime: '00:00', enabled: true }));
  await closeStore(seed);

  fake = await FakeDiscord.start({ token: TOKEN, shards: 2, heartbeatInterval: 1500, guilds });
  // the shard processes inherit this environment (ShardingManager adds SHARDS, SHARD_COUNT and the token)
  Object.assign(process.env, {
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: storeUrl,
    QUIZ_TICK_CRON: '* * * * * *',
    LOG_LEVEL: 'error',
    HEALTH_PORT: '',
  });
  shards = await startShards({ discordToken: TOKEN, shardCount: 2 }, { file: join(ROOT, 'src', 'index.ts'), execArgv: ['--import', 'tsx'], delayMs: 100 }, silentLogger());
}, 90_000);

afterAll(async () => {
  await shards?.stop();
  process.env = savedEnv;
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe(`two shard processes, one ${backend} store`, { timeout: 30_000 }, () => {
  it('each process identifies as its own shard and is sent only its servers', () => {
    const identifies = fake.gateway.filter((f) => f.op === Op.Identify).map((f) => f.d.shard);
    expect(identifies.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shards.ready()).toBe(true);
  });

  it("posts every server's quiz exactly once, from the shard that holds it", async () => {
    for (const g of guilds) await fake.until(() => (postsTo(g.channelIds[0]!).length > 0 ? true : undefined), 10_000, `the quiz in ${g.name}`);
    // a few more ticks: nobody posts a second time
    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const g of guilds) {
      const posts = postsTo(g.channelIds[0]!);
      expect(posts.map((p) => p.status), g.name).toEqual([200]);
      expect(posts[0]!.body.components[0].components.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('counts every answer once, the double clicks included', async () => {
    for (const g of guilds) {
      const message = postsTo(g.channelIds[0]!)[0]!.response;
      const quizId = String(message.components[0].components[0].custom_id).split(':')[2];
      const press = (user: string) => fake.button(`quiz:a:${quizId}:0`, { id: user, username: `u${user.slice(-2)}` }, message);
      const first = await Promise.all([press('500000000000000001'), press('500000000000000001')]);
      const texts = await Promise.all(first.map(replyText));
      expect(texts.filter((t) => t.includes('이미 답했어요')), g.name).toHaveLength(1);
      expect(await replyText(await press('500000000000000002'))).not.toContain('이미 답했어요');
    }

    // read the shared store as a third process would
    const store = await openStore(storeUrl);
    const records = new QuizStore(store, 'Asia/Seoul');
    await records.load();
    for (const g of guilds) {
      const schedule = records.schedule(g.id);
      expect(schedule.quizzes.map((q) => q.state), g.name).toEqual(['posted']);
      for (const user of ['500000000000000001', '500000000000000002']) expect((await records.getUser(g.id, user)).answered, `${g.name} ${user}`).toBe(1);
    }
    await closeStore(store);
  });
});
