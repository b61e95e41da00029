/**
 * The daily quiz end to end over the wire: the real app (SQLite on a temporary
 * file), the real discord.js client and the real Discord gateway adapter
 * against the fake Discord, with the clock injected. One story, in order:
 * configure, post through faults, answer, restart mid-quiz (with an answer in
 * flight at shutdown), close, leaderboard.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, Events, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createClient, DEFER_AFTER_MS, type DiscordSession, serveDiscord } from '../../src/discord/client.js';
import { discordQuizChannel } from '../../src/discord/quiz-channel.js';
import { pointsFor } from '../../src/quiz/scoring.js';
import type { PostedQuiz } from '../../src/store/records.js';
import { silentLogger } from '../helpers.js';
import { type ApiOption, FakeDiscord, type InteractionUser, type RecordedRequest, type SentInteraction, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-quiz.token_for_tests_only';
const EPHEMERAL = 64;
const ADMIN: InteractionUser = { id: '100000000000000001', username: 'admin', permissions: '32' };
const NO_MANAGE_GUILD = ((1n << 50n) - 1n & ~0x28n).toString();
const user = (name: string, n: number): InteractionUser => ({ id: `20000000000000000${n}`, username: name });
const alice = user('alice', 1);
const bob = user('bob', 2);
const carol = user('carol', 3);
const dave = user('dave', 4);
const erin = user('erin', 5);

const quizChannel = snowflake();
const lockedChannel = snowflake();
const guildId = snowflake();

let fake: FakeDiscord;
let dir: string;
/** the injected clock: Asia/Seoul is UTC+9, so 2026-03-01T22:00Z is 07:00 on 2 March in Seoul */
let now = new Date('2026-03-01T22:00:00Z');

interface Running {
  app: App;
  client: Client;
  session: DiscordSession;
}
let bot: Running;

/** The production start-up path, as src/index.ts builds it, against the fake. */
async function boot(): Promise<Running> {
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  const client = createClient(config, { retries: 0, timeout: 2000 });
  const app = await createApp(config, { logger: silentLogger(), commands, clock: () => now, gateway: discordQuizChannel(client) });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const session = await serveDiscord(app, client);
  await ready;
  return { app, client, session };
}

async function answerOf(sent: SentInteraction, timeoutMs = 5000): Promise<{ type: number; ephemeral: boolean; data: any }> {
  const callback = await fake.callback(sent, timeoutMs);
  const type = callback.body?.type as number;
  const ephemeral = ((callback.body?.data?.flags ?? 0) & EPHEMERAL) === EPHEMERAL;
  if (type === 5) return { type, ephemeral, data: (await fake.editOriginal(sent, timeoutMs)).body };
  return { type, ephemeral, data: callback.body?.data };
}

const sub = (name: string, options: ApiOption[]): ApiOption[] => [{ name, type: 1, options }];
const text = (data: any): string => JSON.stringify(data);

const channelPosts = (): RecordedRequest[] => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${quizChannel}/messages`);
const channelEdits = (): RecordedRequest[] => fake.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${quizChannel}/messages/`));
const todaysQuiz = (): PostedQuiz => {
  const quiz = bot.app.quiz.service.schedule(guildId).quizzes.find((q) => q.quizId === '2026-03-02');
  if (!quiz) throw new Error('no quiz for 2026-03-02 in the store');
  return quiz;
};
/** the message as Discord returned it when it was created: buttons are pressed on it */
const postedMessage = (): Record<string, any> => channelPosts().find((r) => r.status === 200)!.response;
const click = (who: InteractionUser, choice: number) => fake.button(`quiz:a:2026-03-02:${choice}`, who, postedMessage());

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studybot-e2e-quiz-'));
  // the bot may not post or embed in lockedChannel: an @everyone overwrite denies both
  fake = await FakeDiscord.start({
    token: TOKEN,
    heartbeatInterval: 1500,
    guilds: [{ id: guildId, name: 'k8s study', channelIds: [quizChannel, lockedChannel], denied: { [lockedChannel]: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks } }],
  });
  bot = await boot();
}, 20_000);

afterAll(async () => {
  await bot?.session.shutdown('test over');
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('daily quiz over the wire', { timeout: 15_000 }, () => {
  it('/config channel names the permissions the bot lacks in a channel, and saves nothing', async () => {
    const answer = await answerOf(await fake.slash('config', sub('channel', [{ name: 'channel', type: 7, value: lockedChannel }]), ADMIN));
    expect(answer.ephemeral).toBe(true);
    const said = answer.data.content as string;
    expect(said).toMatch(/^바꾸지 않았어요: /);
    expect(said).toContain(`<#${lockedChannel}>`);
    expect(said).toContain('Send Messages');
    expect(said).toContain('Embed Links');
    expect(said).not.toContain('View Channel');
    expect(bot.app.quiz.service.settings(guildId).channelId).toBeNull();
  });

  it('/config channel refuses a channel id this server does not have', async () => {
    const elsewhere = snowflake();
    const options = sub('channel', [{ name: 'channel', type: 7, value: elsewhere }]);
    const answer = await answerOf(await fake.slash('config', options, ADMIN));
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toContain(`이 서버에는 \`${elsewhere}\` 채널이 없어요`);
    expect(bot.app.quiz.service.settings(guildId).channelId).toBeNull();
  });

  it('/config is refused to a member without Manage Server, whatever Discord let through', async () => {
    const answer = await answerOf(await fake.slash('config', sub('channel', [{ name: 'channel', type: 7, value: quizChannel }]), { ...alice, permissions: NO_MANAGE_GUILD }));
    expect(answer.ephemeral).toBe(true);
    expect(text(answer.data)).toContain('Manage Server');
    expect(bot.app.quiz.service.settings(guildId).channelId).toBeNull();
    const postNow = await answerOf(await fake.slash('quiz', sub('post-now', []), { ...alice, permissions: NO_MANAGE_GUILD }));
    expect(text(postNow.data)).toContain('Manage Server');
    expect(channelPosts()).toEqual([]);
  });

  it('/config sets the channel and the post time for an admin', async () => {
    const channel = await answerOf(await fake.slash('config', sub('channel', [{ name: 'channel', type: 7, value: quizChannel }]), ADMIN));
    expect(channel.data.embeds[0].description).toContain('저장했어요');
    const time = await answerOf(await fake.slash('config', sub('time', [{ name: 'time', type: 3, value: '08:30' }]), ADMIN));
    expect(text(time.data)).toContain('08:30');
    expect(bot.app.quiz.service.settings(guildId)).toMatchObject({ channelId: quizChannel, postTime: '08:30', timezone: 'Asia/Seoul' });
  });

  it('posts nothing before the post time', async () => {
    await bot.app.quiz.scheduler.tick();
    expect(channelPosts()).toEqual([]);
  });

  it('at the post time, posts exactly one quiz with answer buttons, through a 500 and a 429', async () => {
    now = new Date('2026-03-01T23:31:00Z'); // 08:31 in Seoul
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { status: 500 });
    fake.rateLimitNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { retryAfter: 0.2 });
    await bot.app.quiz.scheduler.tick(); // 500: not posted, kept as a claim for the next tick
    expect(todaysQuiz().state).toBe('posting');
    await bot.app.quiz.scheduler.tick(); // 429, then the client's own retry succeeds
    await bot.app.quiz.scheduler.tick(); // nothing left to do
    const posts = channelPosts();
    expect(posts.map((p) => p.status)).toEqual([500, 429, 200]);
    // one idempotency key for every attempt, enforced by Discord
    expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(1);
    expect(posts.every((p) => p.body.enforce_nonce === true)).toBe(true);
    const body = posts[2]!.body;
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.embeds[0].title).toContain('오늘의 퀴즈 #1');
    const buttons = body.components[0].components;
    const quiz = todaysQuiz();
    // shown in the order drawn for this quiz, each button carrying the bank's choice index
    expect([...quiz.order!].sort()).toEqual(Array.from({ length: quiz.choiceCount }, (_, i) => i));
    expect(buttons.map((b: any) => b.custom_id)).toEqual(quiz.order!.map((i) => `quiz:a:2026-03-02:${i}`));
    expect(buttons.map((b: any) => b.label)).toEqual(['A', 'B', 'C', 'D'].slice(0, quiz.choiceCount));
    expect(quiz).toMatchObject({ state: 'posted', messageId: postedMessage().id, channelId: quizChannel, seq: 1 });
  });

  it('counts each user once: right, wrong, a second click and a double click', async () => {
    const quiz = todaysQuiz();
    const wrong = (quiz.answer + 1) % quiz.choiceCount;
    const points = pointsFor(quiz.difficulty);

    const first = await answerOf(await click(alice, quiz.answer));
    expect(first.ephemeral).toBe(true);
    expect(text(first.data)).toContain(`+${points}점`);
    const bobs = await answerOf(await click(bob, wrong));
    expect(bobs.ephemeral).toBe(true);
    expect(text(bobs.data)).toContain('/review');
    const again = await answerOf(await click(alice, wrong));
    expect(text(again.data)).toContain('이미 답했어요');

    // carol's two clicks reach the bot together
    const [one, two] = await Promise.all([click(carol, quiz.answer), click(carol, quiz.answer)]);
    const replies = [await answerOf(one), await answerOf(two)].map((a) => text(a.data));
    expect(replies.filter((r) => r.includes(`+${points}점`))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('이미 답했어요'))).toHaveLength(1);

    const scores = bot.app.quiz.service;
    expect((await scores.score(guildId, alice.id!)).record.points).toBe(points);
    expect((await scores.score(guildId, carol.id!)).record.points).toBe(points);
    expect((await scores.score(guildId, bob.id!)).record.answered).toBe(1);
  });

  it('a graceful shutdown lets an answer in flight finish, write and reply', async () => {
    const quiz = todaysQuiz();
    // a slow store: the next write takes 300 ms, so the answer is still in flight when the shutdown starts
    const store = bot.app.store;
    const set = store.set.bind(store);
    store.set = (async (...args: Parameters<typeof set>) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return set(...args);
    }) as typeof store.set;
    // and Discord is slow to take the reply
    fake.delayNext({ method: 'POST', path: /\/callback$/ }, 250);
    const sent = await click(erin, quiz.answer);
    await fake.until(() => (bot.session.inFlight.size > 0 ? true : undefined), 3000, 'the click in flight');
    await bot.session.shutdown('SIGTERM');
    // answered before the shutdown finished, not somewhere after it
    const callback = fake.requests.find((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`);
    expect(callback?.status).toBe(204);
    const reply = await answerOf(sent, 0);
    expect(text(reply.data)).toContain(`+${pointsFor(quiz.difficulty)}점`);
    expect(bot.client.isReady()).toBe(false);
  });

  it('after a restart, earlier answers still count once, and a slow store defers the reply', async () => {
    const identifies = fake.identifyTokens.length;
    bot = await boot();
    expect(fake.identifyTokens.length).toBe(identifies + 1);
    const quiz = todaysQuiz();
    expect(quiz.state).toBe('posted');
    // still one post: the restart did not post again
    await bot.app.quiz.scheduler.tick();
    expect(channelPosts().filter((p) => p.status === 200)).toHaveLength(1);

    const erinAgain = await answerOf(await click(erin, quiz.answer));
    expect(text(erinAgain.data)).toContain('이미 답했어요');
    const aliceAgain = await answerOf(await click(alice, quiz.answer));
    expect(text(aliceAgain.data)).toContain('이미 답했어요');
    // a slow store: dave's write takes longer than Discord's 3 s would allow without a defer
    const store = bot.app.store;
    const set = store.set.bind(store);
    store.set = (async (...args: Parameters<typeof set>) => {
      await new Promise((resolve) => setTimeout(resolve, DEFER_AFTER_MS + 300));
      store.set = set;
      return set(...args);
    }) as typeof store.set;
    const sent = await click(dave, quiz.answer);
    const daves = await answerOf(sent, DEFER_AFTER_MS + 3000);
    const callback = await fake.callback(sent);
    expect(daves.type).toBe(5);
    expect(daves.ephemeral).toBe(true);
    expect(callback.at - sent.at).toBeLessThan(3000);
    expect(text(daves.data)).toContain(`+${pointsFor(quiz.difficulty)}점`);
  });

  it('closes once when the quiz is due: one PATCH with the answer and disabled buttons', async () => {
    const quiz = todaysQuiz();
    now = new Date('2026-03-02T11:31:00Z'); // 20:31 in Seoul: the 12 open hours are over
    await bot.app.quiz.scheduler.tick();
    await bot.app.quiz.scheduler.tick();
    const edits = channelEdits();
    expect(edits).toHaveLength(1);
    expect(edits[0]!.path).toBe(`/channels/${quizChannel}/messages/${quiz.messageId}`);
    expect(edits[0]!.body.allowed_mentions?.parse ?? []).toEqual([]);
    const buttons = edits[0]!.body.components[0].components;
    expect(buttons.every((b: any) => b.disabled === true)).toBe(true);
    const reveal = text(edits[0]!.body.embeds);
    // the reveal names the letter the quiz showed, and marks the button that carries the right choice
    const shownLetter = 'ABCDE'[quiz.order!.indexOf(quiz.answer)]!;
    expect(edits[0]!.body.embeds[0].fields[0].value).toMatch(new RegExp(`^\\*\\*${shownLetter}\\.\\*\\* `));
    const marked = buttons.filter((b: any) => b.style === 3);
    expect(marked.map((b: any) => [b.label, b.custom_id])).toEqual([[shownLetter, `quiz:a:${quiz.quizId}:${quiz.answer}`]]);
    // five people answered: alice, bob, carol, erin and dave
    expect(reveal).toContain('5');
    expect(todaysQuiz().state).toBe('closed');
    expect(channelPosts().filter((p) => p.status === 200)).toHaveLength(1);
  });

  it('refuses a click after the close and records nothing', async () => {
    const answer = await answerOf(await click(user('frank', 6), todaysQuiz().answer));
    expect(answer.ephemeral).toBe(true);
    expect(text(answer.data)).toContain('마감');
    expect((await bot.app.quiz.service.score(guildId, '200000000000000006')).record.answered).toBe(0);
  });

  it('/leaderboard shows the exact points', async () => {
    const points = pointsFor(todaysQuiz().difficulty);
    const answer = await answerOf(await fake.slash('leaderboard', [], alice));
    const board = answer.data.embeds[0].description as string;
    const rows = board.split('\n').filter((line) => line.includes('<@'));
    expect(rows).toHaveLength(5);
    for (const who of [alice, carol, erin, dave]) {
      expect(rows.find((r) => r.includes(`<@${who.id}>`))).toContain(`${points}점 · 정답률 100% (1/1)`);
    }
    expect(rows.find((r) => r.includes(`<@${bob.id}>`))).toContain('0점 · 정답률 0% (0/1)');
    expect(rows.at(-1)).toContain(`<@${bob.id}>`);
    // mentions are shown, never pinged
    expect(answer.data.allowed_mentions.parse).toEqual([]);
  });
});
