/**
 * Pictures, review reminders and the weekly recap over the wire: the real app
 * and discord.js client against the fake Discord, with the clock injected.
 * Attachments must arrive as multipart uploads; reminders as DMs (a DM channel
 * opened, then a message in it); a closed DM (50007) turns reminders off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createClient, type DiscordSession, serveDiscord } from '../../src/discord/client.js';
import { discordDirectMessages } from '../../src/discord/direct-messages.js';
import { discordQuizChannel } from '../../src/discord/quiz-channel.js';
import { silentLogger } from '../helpers.js';
import { decodePng, differentPixels } from '../png.js';
import { type ApiOption, FakeDiscord, type InteractionUser, type RecordedRequest, type SentInteraction, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-habits.token_for_tests_only';
const ADMIN: InteractionUser = { id: '100000000000000001', username: 'admin', permissions: '32' };
const alice: InteractionUser = { id: '200000000000000001', username: '앨리스' };
const bob: InteractionUser = { id: '200000000000000002', username: 'bob' };
const quizChannel = snowflake();
const guildId = snowflake();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

let fake: FakeDiscord;
let dir: string;
/** Monday 2 March 2026, 07:00 in Seoul */
let now = new Date('2026-03-01T22:00:00Z');
let app: App;
let client: Client;
let session: DiscordSession;

const sub = (name: string, options: ApiOption[]): ApiOption[] => [{ name, type: 1, options }];
const posts = (path: RegExp, from = 0): RecordedRequest[] => fake.requests.slice(from).filter((r) => r.method === 'POST' && path.test(r.path));

async function replyOf(sent: SentInteraction): Promise<RecordedRequest> {
  const callback = await fake.callback(sent);
  return callback.body?.type === 5 ? fake.editOriginal(sent) : callback;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studybot-e2e-habits-'));
  fake = await FakeDiscord.start({ token: TOKEN, heartbeatInterval: 1500, guilds: [{ id: guildId, name: 'k8s study', channelIds: [quizChannel] }] });
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  client = createClient(config, { retries: 0, timeout: 2000 });
  app = await createApp(config, {
    logger: silentLogger(),
    commands,
    clock: () => now,
    gateway: discordQuizChannel(client),
    directMessages: discordDirectMessages(client),
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  session = await serveDiscord(app, client);
  await ready;
}, 20_000);

afterAll(async () => {
  await session?.shutdown('test over');
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('habits over the wire', { timeout: 15_000 }, () => {
  it('a daily quiz goes out and is answered (the week the recap reports on)', async () => {
    await fake.slash('config', sub('channel', [{ name: 'channel', type: 7, value: quizChannel }]), ADMIN).then(replyOf);
    await fake.slash('config', sub('recap', [{ name: 'weekday', type: 3, value: 'sun' }, { name: 'time', type: 3, value: '20:00' }]), ADMIN).then(replyOf);
    now = new Date('2026-03-02T00:00:30Z'); // 09:00 in Seoul
    await app.quiz.scheduler.reconcile(now);
    const quiz = app.quiz.service.schedule(guildId).quizzes[0]!;
    expect(quiz.state).toBe('posted');
    await app.quiz.service.answerDaily(guildId, alice.id!, quiz.quizId, quiz.answer);
    await app.quiz.service.answerDaily(guildId, bob.id!, quiz.quizId, (quiz.answer + 1) % quiz.choiceCount);
    now = new Date('2026-03-02T12:01:00Z');
    await app.quiz.scheduler.reconcile(now);
    expect(app.quiz.service.schedule(guildId).quizzes[0]!.state).toBe('closed');
  });

  it('/score answers with the text and a PNG card uploaded as multipart', async () => {
    const reply = await replyOf(await fake.slash('score', [], alice));
    expect(reply.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = reply.body.data ?? reply.body;
    expect(body.embeds[0].fields.length).toBeGreaterThan(3);
    expect(body.allowed_mentions.parse).toEqual([]);
    const [file] = reply.body.files;
    expect(file.filename).toBe('score.png');
    expect(file.contentType).toBe('image/png');
    expect(file.data.subarray(0, 4).equals(PNG)).toBe(true);
    // the part is named after the attachment it fills, which carries the alt text
    expect(file.field).toBe('files[0]');
    expect(body.attachments).toEqual([{ id: '0', description: '퀴즈 점수' }]);
    const image = decodePng(file.data);
    expect([image.width, image.height]).toEqual([800, 340]);
    expect(differentPixels(image, 400, 330)).toBeGreaterThan(10_000);
  });

  it('/leaderboard answers with the top ten as a PNG too', async () => {
    const reply = await replyOf(await fake.slash('leaderboard', [], bob));
    expect(reply.body.files.map((f: { filename: string }) => f.filename)).toEqual(['leaderboard.png']);
    expect(decodePng(reply.body.files[0].data).height).toBe(84 + 2 * 44 + 24);
  });

  it('a review reminder is a DM with the due count and a button that starts the review there', async () => {
    // bob got the quiz wrong: one card, due by the evening
    const on = await replyOf(await fake.slash('review', sub('remind', [{ name: 'state', type: 3, value: 'on' }, { name: 'time', type: 3, value: '22:00' }]), bob));
    expect(JSON.stringify(on.body)).toContain('22:00 (Asia/Seoul)');
    const from = fake.requests.length;
    now = new Date('2026-03-02T13:00:00Z'); // 22:00 in Seoul
    await app.quiz.habits.reconcile(now);
    const open = await fake.waitFor((r) => r.method === 'POST' && r.path === '/users/@me/channels', 5000, from);
    expect(open.body.recipient_id).toBe(bob.id);
    const dmChannel = open.response.id as string;
    const dm = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${dmChannel}/messages`, 5000, from);
    expect(dm.body.content).toContain('복습할 카드 1장이 있어요');
    expect(dm.body.allowed_mentions.parse).toEqual([]);
    const customId = dm.body.components[0].components[0].custom_id as string;
    expect(customId).toBe(`review:dm:${guildId}`);
    await app.quiz.habits.reconcile(now);
    expect(posts(/^\/channels\/\d+\/messages$/, from).filter((r) => r.path === `/channels/${dmChannel}/messages`)).toHaveLength(1);

    // pressed in the DM: no server in the interaction, the button names it
    const id = snowflake();
    const token = `itok_${id}_dm`;
    const user = { id: bob.id, username: 'bob', discriminator: '0', global_name: 'bob', avatar: null };
    await fake.dispatch('INTERACTION_CREATE', {
      id,
      application_id: fake.applicationId,
      type: 3,
      token,
      version: 1,
      channel_id: dmChannel,
      channel: { id: dmChannel, type: 1, recipients: [user] },
      user,
      data: { custom_id: customId, component_type: 2 },
      message: dm.response,
      app_permissions: '0',
      locale: 'ko',
      entitlements: [],
      authorizing_integration_owners: { '1': bob.id },
      context: 1,
    });
    const card = await fake.callback({ id, token, from: fake.requests.length, at: Date.now() });
    const buttons = card.body.data.components[0].components.map((b: { custom_id: string }) => b.custom_id);
    expect(buttons[0]).toMatch(new RegExp(`^review:da:.+:${guildId}$`));
  });

  it('a member whose DMs are closed (50007) has reminders turned off and sees why in /review', async () => {
    await replyOf(await fake.slash('review', sub('remind', [{ name: 'state', type: 3, value: 'on' }, { name: 'time', type: 3, value: '09:00' }]), bob));
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    now = new Date('2026-03-03T00:30:00Z'); // 09:30 in Seoul, the next day
    await app.quiz.habits.reconcile(now);
    expect(app.quiz.habits.reminder(guildId, bob.id!)).toMatchObject({ on: false, offReason: 'dm-closed' });
    const review = await replyOf(await fake.slash('review', sub('start', []), bob));
    expect(review.body.data.content).toContain('DM을 받을 수 없어서 복습 알림을 껐어요');
  });

  it('the weekly recap is posted once in the quiz channel with its chart as a multipart upload', async () => {
    const from = fake.requests.length;
    now = new Date('2026-03-08T11:00:30Z'); // Sunday 20:00 in Seoul
    await app.quiz.habits.reconcile(now);
    await app.quiz.habits.reconcile(now);
    const recap = posts(new RegExp(`^/channels/${quizChannel}/messages$`), from);
    expect(recap).toHaveLength(1);
    expect(recap[0]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(recap[0]!.body.nonce).toBe('recap-2026-W10');
    expect(recap[0]!.body.embeds[0].title).toContain('2026-W10');
    expect(recap[0]!.body.allowed_mentions.parse).toEqual([]);
    const [chart] = recap[0]!.body.files;
    expect(chart.filename).toBe('recap.png');
    expect(decodePng(chart.data).width).toBe(720);
  });
});
