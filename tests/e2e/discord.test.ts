/**
 * End to end over the wire: the real app and the real discord.js client against
 * a fake Discord on 127.0.0.1 (tests/e2e/fake-discord.ts).
 */
import { type Client, Events, InteractionContextType, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { App } from '../../src/app.js';
import type { Command } from '../../src/command.js';
import { attachInteractions, createClient, DEFER_AFTER_MS } from '../../src/discord/client.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { testApp } from '../helpers.js';
import { type ApiOption, FakeDiscord, Op, type RecordedRequest, type SentInteraction, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-fake.token_for_tests_only';
const EPHEMERAL = 64;
/** every permission bit up to 2^50 except Administrator (0x8) and Manage Server (0x20) */
const NO_MANAGE_GUILD = ((1n << 50n) - 1n & ~0x28n).toString();
const ALL_BITS = ((1n << 50n) - 1n).toString();

/** the commands that need a server (a quiz, standings, settings): not offered in DMs */
const SERVER_ONLY = ['config', 'leaderboard', 'quiz', 'reload', 'review', 'score'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Test-only commands served next to the real ones (they are never deployed). */
const slow: Command = {
  data: { name: 'slowpoke', description: 'test only: answers after 2.5 s' },
  async execute() {
    await sleep(DEFER_AFTER_MS + 500);
    return { content: 'slow but sure' };
  },
};
const boom: Command = {
  data: { name: 'boom', description: 'test only: always throws' },
  async execute() {
    throw new Error('kaboom from a test command');
  },
  autocomplete() {
    throw new Error('kaboom from autocomplete');
  },
};

const question = (value: string): ApiOption[] => [{ name: 'question', type: 3, value }];

interface Answer {
  /** type of the first callback: 4 (reply), 5 (deferred), 7 (update), 8 (choices) */
  type: number;
  ephemeral: boolean;
  /** the reply data: the callback's `data`, or the body of the @original edit after a defer */
  data: any;
  callback: RecordedRequest;
}

let fake: FakeDiscord;
let app: App;
let client: Client;
const errors: unknown[] = [];

/** Waits for the interaction's callback and, when it was deferred, for the edit that completes it. */
async function answerOf(sent: SentInteraction, timeoutMs = 5000): Promise<Answer> {
  const callback = await fake.callback(sent, timeoutMs);
  const type = callback.body?.type as number;
  const ephemeral = ((callback.body?.data?.flags ?? 0) & EPHEMERAL) === EPHEMERAL;
  if (type === 5) {
    const edit = await fake.editOriginal(sent, timeoutMs);
    return { type, ephemeral, data: edit.body, callback };
  }
  return { type, ephemeral, data: callback.body?.data, callback };
}

async function ask(text: string, locale = 'ko'): Promise<Answer> {
  return answerOf(await fake.slash('ask', question(text), { locale }));
}

beforeAll(async () => {
  // two channels: a reply must appear in the channel its interaction came from
  const guilds = [{ id: snowflake(), name: 'k8s study', channelIds: [snowflake(), snowflake()] }];
  fake = await FakeDiscord.start({ token: TOKEN, heartbeatInterval: 1500, guilds });
  const base = await testApp({ DISCORD_API_URL: fake.apiUrl });
  app = { ...base, commands: [...base.commands, slow, boom] };
  client = createClient(app.config, { retries: 0, timeout: 2000 });
  client.on(Events.Error, (error) => errors.push(error));
  attachInteractions(app, client);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client not ready within 8 s')), 8000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await client.login(TOKEN);
  await ready;
}, 20_000);

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('start-up', () => {
  it('asks for the gateway with the bot token, identifies with it and becomes ready', async () => {
    const gatewayBot = fake.requests.find((r) => r.method === 'GET' && r.path === '/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(gatewayBot?.status).toBe(200);
    expect(fake.identifyTokens).toEqual([TOKEN]);
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.has(fake.guild.id)).toBe(true);
    // on login /gateway/bot is the only REST call
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('answers heartbeats, so the connection is not treated as a zombie', async () => {
    const heartbeat = await fake.waitForFrame((f) => f.op === Op.Heartbeat, 4000);
    expect(heartbeat.connection).toBe(1);
  });
});

describe('deployCommands', () => {
  const NAME = /^[-_a-z0-9]{1,32}$/;
  const LOCALIZED_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

  function checkOptions(options: any[] | undefined, where: string): void {
    for (const o of options ?? []) {
      expect(o.name, `${where}: option name`).toMatch(NAME);
      expect(o.description?.length, `${where} ${o.name}: description length`).toBeGreaterThanOrEqual(1);
      expect(o.description.length, `${where} ${o.name}: description length`).toBeLessThanOrEqual(100);
      for (const localized of Object.values(o.name_localizations ?? {})) expect(localized, `${where} ${o.name}: localized name`).toMatch(LOCALIZED_NAME);
      for (const localized of Object.values<string>(o.description_localizations ?? {})) expect(localized.length).toBeLessThanOrEqual(100);
      checkOptions(o.options, `${where} ${o.name}`);
    }
  }

  it('PUTs valid command definitions to the guild route', async () => {
    const count = await deployCommands({ token: TOKEN, clientId: fake.applicationId, guildId: fake.guild.id, api: fake.apiUrl });
    const put = await fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
    expect(put.headers.authorization).toBe(`Bot ${TOKEN}`);
    const body = put.body as any[];
    expect(Array.isArray(body)).toBe(true);
    expect(count).toBe(body.length);
    expect(body.map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    // exactly the definitions of commands/index.ts, options and all (as JSON, the way REST sends them);
    // the test-only commands this app also serves are not among them
    expect(body).toEqual(commands.map((c) => JSON.parse(JSON.stringify(c.data))));
    expect(app.commands.map((c) => c.data.name)).toContain('slowpoke');
    expect(new Set(body.map((c) => c.name)).size).toBe(body.length);
    for (const c of body) {
      expect(c.name).toMatch(NAME);
      expect(c.description.length, c.name).toBeGreaterThanOrEqual(1);
      expect(c.description.length, c.name).toBeLessThanOrEqual(100);
      expect(c.description_localizations?.ko, `${c.name}: Korean description`).toBeTruthy();
      expect(c.description_localizations.ko.length).toBeLessThanOrEqual(100);
      checkOptions(c.options, c.name);
      // server-only commands are offered in servers only (contexts, not the deprecated dm_permission)
      expect(c.dm_permission, `${c.name}: dm_permission`).toBeUndefined();
      if (SERVER_ONLY.includes(c.name)) expect(c.contexts, `${c.name}: contexts`).toEqual([InteractionContextType.Guild]);
      else expect(c.contexts, `${c.name}: contexts`).toBeUndefined();
      const isAdmin = c.name === 'reload' || c.name === 'config' || commands.find((k) => k.data.name === c.name)?.admin === true;
      if (isAdmin) {
        expect(c.default_member_permissions, `${c.name}: default_member_permissions`).toBeTruthy();
        expect(BigInt(c.default_member_permissions) & 0x20n, `${c.name}: needs Manage Server`).toBe(0x20n);
      }
    }
    expect(body.some((c) => c.name === 'reload')).toBe(true);
  });

  it('PUTs to the global route without a guild id', async () => {
    const from = fake.requests.length;
    await deployCommands({ token: TOKEN, clientId: fake.applicationId, api: fake.apiUrl });
    const put = await fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/commands`, 3000, from);
    expect((put.body as unknown[]).length).toBe(commands.length);
  });
});

describe('/ask', () => {
  it('answers a Korean question with an embed and no mentions', async () => {
    const answer = await ask('컨테이너와 VM의 차이');
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(false);
    expect(answer.data.embeds.length).toBeGreaterThanOrEqual(1);
    expect(answer.data.embeds[0].title).toBeTruthy();
    expect(answer.data.allowed_mentions.parse).toEqual([]);
    // callbacks carry no bot token
    expect(answer.callback.headers.authorization).toBeUndefined();
    expect(answer.callback.query.with_response).toBe('false');
  });

  it('answers an English question (locale en-US) with an embed', async () => {
    const answer = await ask('What is the difference between a container and a VM?', 'en-US');
    expect(answer.type).toBe(4);
    expect(answer.data.embeds.length).toBeGreaterThanOrEqual(1);
    expect(answer.data.allowed_mentions.parse).toEqual([]);
  });

  it('answers casual wording from the notes, the passage as written (code fenced with its language)', async () => {
    const backup = (await ask('etcd 백업 어떻게 해')).data.embeds[0];
    expect(backup.title).toContain('etcd');
    expect(backup.description).toContain('```bash');
    expect(backup.description).toContain('etcdctl');
    const crash = (await ask('CrashLoopBackOff 해결 방법')).data.embeds[0];
    expect(crash.title).toMatch(/CrashLoopBackOff/);
    const lunch = (await ask('오늘 점심 뭐 먹지')).data.embeds[0];
    expect(lunch.title).toContain('찾지 못했어요');
  });

  it('never pings, even when the question contains @everyone and a role mention', async () => {
    const answer = await ask('@everyone <@&123456789012345678> 파드란? @here');
    expect(answer.type).toBe(4);
    expect(answer.data.allowed_mentions.parse).toEqual([]);
  });
});

describe('/note autocomplete and buttons', () => {
  let sectionId = '';

  it('suggests 1-25 topics for Korean initials, well inside 3 s', async () => {
    const sent = await fake.autocomplete('note', { name: 'topic', value: 'ㅋㅌㅇㄴ' });
    const answer = await answerOf(sent, 3000);
    const elapsed = answer.callback.at - sent.at;
    expect(answer.type).toBe(8);
    const choices = answer.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThanOrEqual(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(elapsed).toBeLessThan(1500);
    sectionId = choices[0]!.value;
  });

  it('opens a note from a note:open:<id> button as an ephemeral reply', async () => {
    expect(sectionId).not.toBe('');
    const answer = await answerOf(await fake.button(`note:open:${sectionId}`));
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.embeds.length).toBeGreaterThanOrEqual(1);
    expect(answer.data.allowed_mentions.parse).toEqual([]);
  });
});

describe('bad input on the wire', () => {
  it('answers an unknown command ephemerally', async () => {
    const answer = await answerOf(await fake.slash('does-not-exist', []));
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toContain('does-not-exist');
  });

  it('answers an unknown button ephemerally', async () => {
    const unknown = await answerOf(await fake.button('nobody:knows:me'));
    expect(unknown.type).toBe(4);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.data.content).toBeTruthy();
    const stale = await answerOf(await fake.button('note:open:no-such-section'));
    expect(stale.ephemeral).toBe(true);
  });

  it('answers option values of the wrong type with a clear ephemeral message', async () => {
    // Discord validates types, but a stale client or a changed definition can still send them
    const numberForText = await answerOf(await fake.slash('ask', [{ name: 'question', type: 4, value: 12345 }]));
    // a number where text is expected is read as text: searched, not an error
    expect(numberForText.type).toBe(4);
    expect(numberForText.data.embeds[0].title).toContain('12345');
    const textForNumber = await answerOf(await fake.slash('config', [{ name: 'open-hours', type: 1, options: [{ name: 'hours', type: 3, value: 'twelve' }] }], { permissions: '32' }));
    expect(textForNumber.ephemeral).toBe(true);
    expect(textForNumber.data.content).toContain('`twelve`: 1에서 23 사이의 정수');
  });

  it('answers a stale quiz button (a quiz that is not open) without recording anything', async () => {
    const stale = await answerOf(await fake.button('quiz:a:1999-01-01:0'));
    expect(stale.type).toBe(4);
    expect(stale.ephemeral).toBe(true);
    expect(stale.data.content ?? JSON.stringify(stale.data.embeds)).toMatch(/기록되지 않았어요|더 이상 쓸 수 없어요/);
    const score = await app.quiz.service.score(fake.guild.id, '123456789012345678');
    expect(score.record.answered).toBe(0);
  });

  it('refuses a 4,000-character question clearly and ephemerally', async () => {
    const answer = await ask('파드'.repeat(2000));
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toContain('4000');
  });

  it('asks for a real question when it is only control characters', async () => {
    const answer = await ask('\u0000\u0007\u001b\u0008\u007f\u0085\u200b\u2028');
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toContain('/ask');
  });

  it('answers a question with control characters mixed in, without echoing them', async () => {
    const answer = await ask('파드\u0000와\u0007 컨테이너\u001b의 차이\u200b');
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(false);
    expect(JSON.stringify(answer.data)).not.toMatch(/\\u000[07]|\\u001b/);
  });

  it('still answers a normal /ask afterwards', async () => {
    const answer = await ask('서비스와 인그레스의 차이');
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(false);
    expect(answer.data.embeds.length).toBeGreaterThanOrEqual(1);
  });
});

describe('admin commands', () => {
  it('refuses /reload to a member without Manage Server', async () => {
    const answer = await answerOf(await fake.slash('reload', [], { permissions: NO_MANAGE_GUILD }));
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toContain('Manage Server');
    expect(answer.data.embeds ?? []).toEqual([]);
  });

  it.each([
    ['32', 'Manage Server only'],
    [ALL_BITS, 'all bits'],
  ])('reloads for permissions %s (%s)', async (permissions) => {
    const answer = await answerOf(await fake.slash('reload', [], { permissions }), 8000);
    expect([4, 5]).toContain(answer.type);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.embeds[0].title).toBe('노트를 다시 불러왔어요');
  }, 10_000);
});

describe('slow commands', () => {
  it('defers after DEFER_AFTER_MS and edits @original with the answer, in the channel it was asked in', async () => {
    const channelId = fake.guild.channelIds[1]!;
    const sent = await fake.slash('slowpoke', [], { channelId });
    const callback = await fake.callback(sent, DEFER_AFTER_MS + 2000);
    expect(callback.body.type).toBe(5);
    expect(callback.body.data?.flags ?? 0).toBe(0);
    const edit = await fake.editOriginal(sent, 3000);
    expect(edit.body.content).toBe('slow but sure');
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    // the message Discord answers with is in the interaction's own channel, not the server's first one
    expect(edit.response).toMatchObject({ channel_id: channelId, guild_id: fake.guild.id, content: 'slow but sure' });
    expect(edit.at).toBeGreaterThanOrEqual(callback.at);
    // deferred in time: Discord's limit is 3 s
    expect(callback.at - sent.at).toBeLessThan(3000);
  }, 8000);
});

describe('error boundary', () => {
  it('a command that throws gets an ephemeral message', async () => {
    const answer = await answerOf(await fake.slash('boom', []));
    expect(answer.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toBe('처리하는 중에 문제가 생겼어요. 잠시 후 다시 시도해 주세요.');
  });

  it('an autocomplete that throws answers with no choices', async () => {
    const answer = await answerOf(await fake.autocomplete('boom', { name: 'anything', value: 'x' }));
    expect(answer.type).toBe(8);
    expect(answer.data.choices).toEqual([]);
  });

  it('a failed callback (500) is logged, not fatal: the next /ask is answered', async () => {
    fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ }, { status: 500 });
    const failed = await fake.callback(await fake.slash('ask', question('파드')));
    expect(failed.status).toBe(500);
    const answer = await ask('디플로이먼트');
    expect(answer.type).toBe(4);
    expect(answer.callback.status).toBe(204);
  });
});

describe('channel posts through REST faults', () => {
  it('a channel message is retried after a 429 and can be edited', async () => {
    const channelId = fake.guild.channelIds[0]!;
    const channel = client.channels.cache.get(channelId) as TextChannel;
    expect(channel).toBeTruthy();
    const from = fake.requests.length;
    fake.rateLimitNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { retryAfter: 0.2 });
    const message = await channel.send({ content: '오늘의 퀴즈', allowedMentions: { parse: [] } });
    const posts = fake.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(message.content).toBe('오늘의 퀴즈');
    const edited = await message.edit({ content: '오늘의 퀴즈 (마감)' });
    expect(edited.content).toBe('오늘의 퀴즈 (마감)');
    const patch = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/channels/${channelId}/messages/${message.id}`, 3000, from);
    expect(patch.body.content).toBe('오늘의 퀴즈 (마감)');
  });
});

describe('gateway socket drops', () => {
  it('resumes after an abnormal close (4000) and still answers /ask', async () => {
    const from = fake.gateway.length;
    const dropped = await fake.dropSocket(4000);
    const again = await fake.waitForFrame((f) => f.connection > dropped && (f.op === Op.Resume || f.op === Op.Identify), 8000, from);
    if (again.op === Op.Resume) expect(again.d.token).toBe(TOKEN);
    const answer = await ask('컨테이너와 VM의 차이');
    expect(answer.type).toBe(4);
    expect(answer.data.embeds.length).toBeGreaterThanOrEqual(1);
  }, 12_000);

  it('identifies again after a normal close (1000) and still answers /ask', async () => {
    const from = fake.gateway.length;
    const identifies = fake.identifyTokens.length;
    const dropped = await fake.dropSocket(1000);
    const again = await fake.waitForFrame((f) => f.connection > dropped && (f.op === Op.Resume || f.op === Op.Identify), 8000, from);
    if (again.op === Op.Identify) expect(fake.identifyTokens.length).toBe(identifies + 1);
    const answer = await ask('서비스');
    expect(answer.type).toBe(4);
    expect(client.isReady()).toBe(true);
  }, 12_000);

  it('reported no client errors along the way', () => {
    expect(errors).toEqual([]);
  });
});
