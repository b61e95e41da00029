/**
 * The server's own question bank over the wire: the real app (SQLite on a
 * temporary file) and discord.js against the fake Discord. One story, in order:
 * a member proposes through the form (a modal submit, type 5), a reviewer with
 * the reviewer role approves one and rejects another (told by DM, or not when
 * DMs are closed), a CSV attachment is imported, the daily quiz draws a question
 * of the server with shuffled buttons, it is answered and, after a restart,
 * revealed with the right letter; the reveal's report button files a report.
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
import { discordQuizChannel } from '../../src/discord/quiz-channel.js';
import type { PostedQuiz } from '../../src/store/records.js';
import { silentLogger } from '../helpers.js';
import { type ApiOption, FakeDiscord, type InteractionUser, type RecordedRequest, type SentInteraction, snowflake } from './fake-discord.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.e2e-bank.token_for_tests_only';
const EPHEMERAL = 64;
const REVIEWERS = '500000000000000001';
const ADMIN: InteractionUser = { id: '100000000000000001', username: 'admin', permissions: '32' };
const NO_MANAGE_GUILD = ((1n << 50n) - 1n & ~0x28n).toString();
const member = (name: string, n: number, extra: Partial<InteractionUser> = {}): InteractionUser => ({
  id: `30000000000000000${n}`,
  username: name,
  permissions: NO_MANAGE_GUILD,
  ...extra,
});
const mina = member('mina', 1);
const jun = member('jun', 2);
const seo = member('seo', 3, { roles: [REVIEWERS] });

const quizChannel = snowflake();
const guildId = snowflake();
let fake: FakeDiscord;
let dir: string;
/** 2026-03-01T23:30Z is 08:30 on 2 March in Seoul */
let now = new Date('2026-03-01T23:30:00Z');

interface Running {
  app: App;
  client: Client;
  session: DiscordSession;
}
let bot: Running;

async function boot(): Promise<Running> {
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  const client = createClient(config, { retries: 0, timeout: 2000 });
  const app = await createApp(config, { logger: silentLogger(), commands, clock: () => now, gateway: discordQuizChannel(client) });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const session = await serveDiscord(app, client);
  await ready;
  return { app, client, session };
}

async function answerOf(sent: SentInteraction): Promise<{ type: number; ephemeral: boolean; data: any }> {
  const callback = await fake.callback(sent);
  const type = callback.body?.type as number;
  const ephemeral = ((callback.body?.data?.flags ?? 0) & EPHEMERAL) === EPHEMERAL;
  if (type === 5) return { type, ephemeral, data: (await fake.editOriginal(sent)).body };
  return { type, ephemeral, data: callback.body?.data };
}

const sub = (name: string, options: ApiOption[] = []): ApiOption[] => [{ name, type: 1, options }];
const text = (data: any): string => JSON.stringify(data);
/** the text inputs of a modal callback (type 9), by custom id */
const modalInputs = (data: any): Record<string, any> =>
  Object.fromEntries(data.components.map((c: any) => [c.component.custom_id, c.component]));
const posts = (): RecordedRequest[] => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${quizChannel}/messages` && r.status === 200);
const quizEdits = (): RecordedRequest[] => fake.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${quizChannel}/messages/`));
const todays = (): PostedQuiz => bot.app.quiz.service.schedule(guildId).quizzes.find((q) => q.quizId === '2026-03-02')!;

const GOOD = {
  question: '파드 안의 컨테이너들이 함께 쓰는 것은?',
  choices: '네트워크 네임스페이스\n노드의 커널 버전 번호\n이미지 레이어 캐시',
  answer: 'A',
  explanation: '같은 파드의 컨테이너는 IP와 포트 공간을 나눠 쓴다.',
  tags: 'pod, network',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studybot-e2e-bank-'));
  fake = await FakeDiscord.start({ token: TOKEN, heartbeatInterval: 1500, guilds: [{ id: guildId, name: 'k8s study', channelIds: [quizChannel], roleIds: [REVIEWERS] }] });
  bot = await boot();
  for (const [name, options] of [
    ['channel', [{ name: 'channel', type: 7, value: quizChannel }]],
    ['time', [{ name: 'time', type: 3, value: '09:00' }]],
    ['draw', [{ name: 'from', type: 3, value: 'server' }]],
    ['reviewer-role', [{ name: 'role', type: 8, value: REVIEWERS }]],
  ] as const) {
    const reply = await answerOf(await fake.slash('config', sub(name, [...options]), ADMIN));
    // 09:00 is already the default: the reply says so instead of "saved"
    expect(text(reply.data)).toMatch(/저장했어요|이미 그렇게 되어 있어요/);
  }
}, 20_000);

afterAll(async () => {
  await bot?.session.shutdown('test over');
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a server question bank over the wire', { timeout: 15_000 }, () => {
  it('/quiz submit opens the form; a bad field is named and the typed text comes back', async () => {
    const opened = await answerOf(await fake.slash('quiz', sub('submit'), mina));
    expect(opened.type).toBe(9);
    expect(opened.data.custom_id).toBe('quiz:submit');
    expect(Object.keys(modalInputs(opened.data))).toEqual(['question', 'choices', 'answer', 'explanation', 'tags']);

    const typed = { ...GOOD, answer: 'F', explanation: '@everyone 해설 **굵게**' };
    const refused = await answerOf(await fake.form('quiz:submit', typed, mina));
    expect(refused.type).toBe(4);
    expect(refused.ephemeral).toBe(true);
    expect(refused.data.content).toContain('**정답**: A~E 중 한 글자여야 해요'); // the member's Korean locale
    expect(text(refused.data)).toContain('@everyone 해설 **굵게**');
    expect(refused.data.allowed_mentions.parse).toEqual([]);
    expect(bot.app.quiz.service.moderation.pending(guildId)).toEqual([]);
  });

  it('submissions wait; a reviewer (by role) approves one and rejects the other with a reason', async () => {
    const minaSent = await fake.form('quiz:submit', GOOD, mina);
    expect(text((await answerOf(minaSent)).data)).toContain('#1');
    const second = { ...GOOD, question: '서비스가 파드를 고르는 기준은?', choices: '레이블 셀렉터\n파드 이름의 첫 글자', answer: 'A' };
    const junSent = await fake.form('quiz:submit', second, jun);
    expect(text((await answerOf(junSent)).data)).toContain('#2');

    // a member without the role or Manage Server: refused on the server side
    expect(text((await answerOf(await fake.slash('quiz', sub('queue'), jun))).data)).toContain('검토자');
    const queue = await answerOf(await fake.slash('quiz', sub('queue'), seo));
    expect(queue.data.embeds[0].title).toContain('#1');
    const queueMessage = fake.message(quizChannel, queue.data);

    const approved = await answerOf(await fake.button('quiz:q:ok:1', seo, queueMessage));
    expect(approved.type).toBe(7);
    expect(approved.data.content).toContain('#1: 승인됨');
    // mina submitted minutes ago: told by an ephemeral follow-up to her own form
    expect(approved.data.content).toContain('본인만 보이는');
    expect(approved.data.embeds[0].title).toContain('#2');
    const followUp = fake.requests.find((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${minaSent.token}`);
    expect(followUp?.body.flags).toBe(EPHEMERAL);
    expect(followUp?.body.content).toContain('#1');
    expect(followUp?.body.allowed_mentions.parse).toEqual([]);
    expect(bot.app.quiz.service.questionIn(guildId, 's.sub-1')).toMatchObject({ author: mina.id, answer: 0 });

    const reasonForm = await answerOf(await fake.button('quiz:q:no:2', seo, queueMessage));
    expect(reasonForm.type).toBe(9);
    expect(reasonForm.data.custom_id).toBe('quiz:qno:2');
    // jun's form can no longer be followed up (as after 15 minutes) and his DMs are closed:
    // the decision stands, the reviewer is told
    fake.failNext({ method: 'POST', path: new RegExp(`^/webhooks/\\d+/${junSent.token}$`) }, { status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    fake.failNext({ method: 'POST', path: /^\/channels\/9\d+\/messages$/ }, { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    const rejected = await answerOf(await fake.form('quiz:qno:2', { reason: '비슷한 문제가 이미 있어요' }, seo, queueMessage));
    expect(rejected.type).toBe(7);
    expect(rejected.data.content).toContain('#2: 거절됨');
    expect(rejected.data.content).toContain('DM이 닫혀');
    const dm = fake.requests.find((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(dm?.body).toMatchObject({ recipient_id: jun.id });
    expect(bot.app.quiz.service.moderation.item(guildId, 2)).toMatchObject({ state: 'rejected', decidedBy: seo.id });
  });

  it('/quiz import reads an attached CSV from the CDN, all or nothing', async () => {
    const csv = [
      'id,question,choice_a,choice_b,choice_c,choice_d,choice_e,answer,explanation,tags,difficulty,source',
      'kubelet-role-1,노드에서 파드를 실제로 띄우는 것은?,kubelet,kube-scheduler,etcd,,,A,kubelet이 컨테이너 런타임에 요청한다.,node,1,',
      'etcd-role-1,클러스터 상태를 저장하는 곳은?,etcd,kubelet,,,,A,etcd가 상태를 저장한다.,control-plane;etcd,2,',
    ].join('\r\n');
    const attach = (name: string, content: string) => {
      const attachmentId = snowflake();
      const url = fake.serveFile(name, content);
      const resolved = { attachments: { [attachmentId]: { id: attachmentId, filename: name, size: Buffer.byteLength(content), url, proxy_url: url, content_type: 'text/csv' } } };
      return { options: sub('import', [{ name: 'file', type: 11, value: attachmentId }]), resolved };
    };
    const bad = attach('bad.csv', `${csv}\r\nbroken,q?,a,b,,,,Z,e,t,1,`);
    const refused = await answerOf(await fake.slash('quiz', bad.options, seo, bad.resolved));
    expect(refused.data.content).toContain('4번째 줄 · answer: A\\~E 중 한 글자여야 해요');
    expect(refused.data.files.map((f: { filename: string; content: string }) => [f.filename, f.content])).toEqual([
      ['import-problems.txt', '4번째 줄 · answer: A~E 중 한 글자여야 해요\n'],
    ]);
    expect(bot.app.quiz.service.questions.own(guildId).size).toBe(1);

    const good = attach('mine.csv', csv);
    const imported = await answerOf(await fake.slash('quiz', good.options, seo, good.resolved));
    expect(imported.data.content).toContain('새 문제 2개');
    expect([...bot.app.quiz.service.questions.own(guildId).keys()]).toEqual(['s.sub-1', 's.kubelet-role-1', 's.etcd-role-1']);
    // a member cannot import
    expect(text((await answerOf(await fake.slash('quiz', good.options, jun, good.resolved))).data)).toContain('검토자');
  });

  it("the daily quiz draws the server's question with shuffled buttons, answered and revealed right across a restart", async () => {
    now = new Date('2026-03-02T00:01:00Z'); // 09:01 in Seoul
    await bot.app.quiz.scheduler.tick();
    const quiz = todays();
    expect(quiz.questionId).toMatch(/^s\./);
    const body = posts()[0]!.body;
    const answerButtons = body.components[0].components;
    expect(answerButtons.map((b: any) => b.custom_id)).toEqual(quiz.order!.map((i) => `quiz:a:2026-03-02:${i}`));
    expect(body.components[1].components.map((b: any) => b.custom_id)).toEqual(['quiz:report:2026-03-02']);
    const question = bot.app.quiz.service.questionIn(guildId, quiz.questionId)!;
    // the description lists the choices in the drawn order
    const shownFirst = question.choices[quiz.order![0]!]!;
    expect(body.embeds[0].description).toContain(`**A.** ${shownFirst}`);

    const message = posts()[0]!.response;
    const right = await answerOf(await fake.button(`quiz:a:2026-03-02:${quiz.answer}`, jun, message));
    expect(text(right.data)).toContain('정답입니다');

    await bot.session.shutdown('restart');
    bot = await boot();
    const again = await answerOf(await fake.button(`quiz:a:2026-03-02:${quiz.answer}`, jun, message));
    const shownLetter = 'ABCDE'[quiz.order!.indexOf(quiz.answer)]!;
    expect(again.data.content).toContain(`이미 답했어요 (${shownLetter})`);

    now = new Date('2026-03-02T12:30:00Z');
    await bot.app.quiz.scheduler.tick();
    const reveal = quizEdits().at(-1)!.body;
    expect(reveal.embeds[0].fields[0].value).toBe(`**${shownLetter}.** ${question.choices[question.answer]}`);
    const marked = reveal.components[0].components.filter((b: any) => b.style === 3);
    expect(marked.map((b: any) => b.label)).toEqual([shownLetter]);
  });

  it('the report button on the reveal files a report; the question is not drawn until a reviewer looks', async () => {
    const quiz = todays();
    const revealed = fake.message(quizChannel, quizEdits().at(-1)!.body, quiz.messageId!, true);
    const form = await answerOf(await fake.button('quiz:report:2026-03-02', mina, revealed));
    expect(form.type).toBe(9);
    expect(form.data.custom_id).toBe(`quiz:rep:${quiz.questionId}`);
    const thanks = await answerOf(await fake.form(`quiz:rep:${quiz.questionId}`, { text: '해설이 틀렸어요 <@&1>' }, mina, revealed));
    expect(thanks.ephemeral).toBe(true);
    expect(thanks.data.content).toContain('신고');
    expect(bot.app.quiz.service.questions.drawable(guildId).all).not.toContain(quiz.questionId);
    const queue = await answerOf(await fake.slash('quiz', sub('queue'), seo));
    expect(queue.data.embeds[0].title).toContain('신고');
    // shown escaped, and pinging no one
    expect(text(queue.data.embeds[0].fields)).toContain('해설이 틀렸어요 <@&1\\\\>');
    expect(queue.data.allowed_mentions.parse).toEqual([]);
  });
});
