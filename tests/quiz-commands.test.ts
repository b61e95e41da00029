import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as config } from '../commands/config.js';
import { command as leaderboard } from '../commands/leaderboard.js';
import { command as quizCommand } from '../commands/quiz.js';
import { command as review } from '../commands/review.js';
import { command as score } from '../commands/score.js';
import { isAdminCall, UserError } from '../src/command.js';
import type { Reply } from '../src/reply.js';
import { MemoryQuizChannel } from '../src/scheduler/quiz-channel.js';
import { bank, CHANNEL, configure, ctxFor, GUILD, harness, manualClock, user } from './quiz-helpers.js';

const text = (reply: Reply) => JSON.stringify(reply);
const buttonArgs = (id: string) => id.split(':').slice(1);

async function setup(now = '2024-10-02T00:00:00Z') {
  const c = manualClock(now);
  const gateway = new MemoryQuizChannel({ channels: { [CHANNEL]: [], '200000000000000099': ['Send Messages', 'Embed Links'] }, strictChannels: true });
  const h = await harness({ clock: c.clock, gateway, questions: bank(6) });
  return { ...h, c };
}

describe('/config', () => {
  it.each([
    ['time', { time: '25:61' }, /hour must be 00–23 and the minute 00–59/],
    ['time', { time: '9 am' }, /use HH:MM/],
    ['timezone', { timezone: 'Mars/Base' }, /unknown time zone/],
    ['timezone', { timezone: 'EST' }, /unknown time zone/],
    ['open-hours', { hours: 0 }, /1 to 23/],
    ['open-hours', { hours: 24 }, /1 to 23/],
    ['channel', { channel: '200000000000000099' }, /cannot post in <#200000000000000099>. Missing: Send Messages, Embed Links/],
    ['channel', { channel: '200000000000000077' }, /This server has no channel `200000000000000077`/],
    ['enabled', { enabled: 'maybe' }, /`maybe`: use true \(on\) or false \(off\)/],
    ['enabled', { enabled: 2 }, /`2`: use true/],
    ['channel', { channel: 'general' }, /pick a channel/],
  ] as const)('refuses %s %o with the reason', async (subcommand, options, reason) => {
    const { quiz } = await setup();
    const before = quiz.service.settings(GUILD);
    const refusal = config.execute(ctxFor(quiz, { subcommand, options, admin: true }));
    await expect(refusal).rejects.toThrow(UserError);
    await expect(refusal).rejects.toThrow(reason);
    await expect(refusal).rejects.toThrow(/Not changed/);
    expect(quiz.service.settings(GUILD)).toEqual(before);
  });

  it('refuses an unknown channel and an invalid on/off in Korean too', async () => {
    const { quiz } = await setup();
    const ko = (subcommand: string, options: Record<string, string>) =>
      config.execute(ctxFor(quiz, { subcommand, options, admin: true, lang: 'ko' }));
    await expect(ko('channel', { channel: '200000000000000077' })).rejects.toThrow('이 서버에는 `200000000000000077` 채널이 없어요');
    await expect(ko('enabled', { enabled: 'maybe' })).rejects.toThrow('`maybe`: true(켜기) 또는 false(끄기)로 입력하세요');
    expect(quiz.service.settings(GUILD).enabled).toBe(true);
    await ko('enabled', { enabled: 'off' });
    expect(quiz.service.settings(GUILD).enabled).toBe(false);
    await ko('enabled', { enabled: '켜기' });
    expect(quiz.service.settings(GUILD).enabled).toBe(true);
  });

  it('saves valid values (canonical zone, padded time) and shows them', async () => {
    const { quiz } = await setup();
    const admin = (subcommand: string, options: Record<string, string | number | boolean>) => config.execute(ctxFor(quiz, { subcommand, options, admin: true }));
    await admin('channel', { channel: CHANNEL });
    await admin('time', { time: '7:05' });
    await admin('timezone', { timezone: 'america/new_york' });
    await admin('open-hours', { hours: 6 });
    await admin('enabled', { enabled: false });
    expect(quiz.service.settings(GUILD)).toEqual({ channelId: CHANNEL, postTime: '07:05', timezone: 'America/New_York', openHours: 6, enabled: false, draw: 'both', reviewerRoleId: null, selfApprove: false });
    const shown = await config.execute(ctxFor(quiz, { subcommand: 'show', admin: true, lang: 'ko' }));
    expect(text(shown)).toContain(`<#${CHANNEL}>`);
    expect(text(shown)).toContain('꺼짐');
    expect(config.autocomplete!(ctxFor(quiz), { name: 'timezone', value: 'seoul' })).toEqual([{ name: 'Asia/Seoul', value: 'Asia/Seoul' }]);
  });
});

describe('/config says what it changed and what is still missing', () => {
  it('names and bolds the changed setting, says when nothing changed, and gives the next step', async () => {
    const { quiz } = await setup();
    const admin = (subcommand: string, options: Record<string, string | number | boolean>, lang: 'ko' | 'en' = 'en') =>
      config.execute(ctxFor(quiz, { subcommand, options, admin: true, lang }));
    await admin('channel', { channel: CHANNEL });
    await admin('enabled', { enabled: false });
    const time = await admin('time', { time: '7:05' });
    const embed = time.embeds![0]!;
    expect(embed.description).toContain('Saved: Post time');
    expect(embed.fields!.find((f) => f.name === 'Post time')!.value).toBe('**07:05**');
    expect(embed.fields!.find((f) => f.name === 'Time zone')!.value).not.toContain('**');
    expect(embed.description).toContain('The daily quiz is off. Turn it on with `/config enabled` and it goes out daily at 07:05.');
    const again = await admin('time', { time: '07:05' }, 'ko');
    expect(again.embeds![0]!.description).toContain('이미 그렇게 되어 있어요.');
    const on = await admin('enabled', { enabled: true });
    expect(on.embeds![0]!.description).toContain('Saved: Enabled');
    expect(on.embeds![0]!.description).not.toContain('is off');
  });
});

describe('/config show: the minute it really posts', () => {
  it.each([
    // 02:30 does not exist in New York on 2024-03-10: the tick posts at the jump, 03:00 EDT (07:00Z)
    ['America/New_York', '02:30', '2024-03-10T05:00:00Z', '2024-03-10 03:00', 1710054000],
    // Chatham jumps from 02:45 to 03:45 on 2024-09-29 (14:00Z)
    ['Pacific/Chatham', '02:45', '2024-09-28T11:15:00Z', '2024-09-29 03:45', 1727532000],
    ['Pacific/Chatham', '03:00', '2024-09-28T11:15:00Z', '2024-09-29 03:45', 1727532000],
  ] as const)('%s %s on the spring-forward day', async (timezone, postTime, now, shown, epoch) => {
    const { quiz } = await setup(now);
    await configure(quiz, { timezone, postTime });
    const reply = await config.execute(ctxFor(quiz, { subcommand: 'show', admin: true }));
    const next = reply.embeds![0]!.fields!.find((f) => f.name === 'Next quiz')!.value;
    expect(next).toContain(`${shown} (${timezone}) · <t:${epoch}:R>`);
    expect(next).toContain(`${postTime} does not exist that day`);
    const ko = await config.execute(ctxFor(quiz, { subcommand: 'show', admin: true, lang: 'ko' }));
    expect(text(ko)).toContain('서머타임');
  });

  it('a normal day shows the post time as written', async () => {
    const { quiz } = await setup('2024-03-11T05:00:00Z');
    await configure(quiz, { timezone: 'America/New_York', postTime: '02:30' });
    const reply = await config.execute(ctxFor(quiz, { subcommand: 'show', admin: true }));
    expect(text(reply)).toContain('2024-03-11 02:30 (America/New_York)');
    expect(text(reply)).not.toContain('does not exist');
  });
});

describe('/quiz', () => {
  it('answer buttons: first answer counts, second click and clicks after close change nothing', async () => {
    const { quiz, gateway, c } = await setup();
    await configure(quiz);
    await quiz.scheduler.reconcile();
    const post = gateway.messages[0]!.reply;
    const [right, wrong] = (() => {
      const open = quiz.service.openQuiz(GUILD)!;
      // buttons carry the bank's choice index (the last part of the id), whatever position they are shown at
      const buttons = post.buttons![0]!;
      const byChoice = (i: number) => buttons.find((b) => b.id.endsWith(`:${i}`))!;
      return [byChoice(open.answer), byChoice((open.answer + 1) % buttons.length)];
    })();
    const first = await quizCommand.button!(ctxFor(quiz, { userId: user(1) }), buttonArgs(right.id));
    expect(first.ephemeral).toBe(true);
    expect(text(first)).toContain('Correct!');
    expect(text(first)).toContain('+20 points');
    const again = await quizCommand.button!(ctxFor(quiz, { userId: user(1) }), buttonArgs(wrong.id));
    expect(again).toMatchObject({ ephemeral: true });
    expect(again.content).toMatch(/already answered \([A-E]\). Only the first answer counts/);

    const miss = await quizCommand.button!(ctxFor(quiz, { userId: user(2), lang: 'ko' }), buttonArgs(wrong.id));
    expect(text(miss)).toContain('아쉽네요');
    expect(text(miss)).toContain('복습 목록');

    const today = await quizCommand.execute(ctxFor(quiz, { userId: user(1), subcommand: 'today' }));
    expect(today.ephemeral).toBe(true);
    expect(today.content).toMatch(/You already answered/);
    expect(today.buttons!.flat().map((b) => b.id)).toEqual(post.buttons!.flat().map((b) => b.id));

    c.advance(12 * 3_600_000);
    await quiz.scheduler.reconcile();
    const late = await quizCommand.button!(ctxFor(quiz, { userId: user(3) }), buttonArgs(right.id));
    expect(late.content).toMatch(/closed/);
    expect((await quiz.service.userRecord(GUILD, user(3))).answered).toBe(0);
    const notToday = await quizCommand.button!(ctxFor(quiz, { userId: user(3) }), ['a', '2020-01-01', '0']);
    expect(notToday.content).toMatch(/not today's quiz/);
    const none = await quizCommand.execute(ctxFor(quiz, { subcommand: 'today' }));
    expect(none.content).toMatch(/No quiz is open/);
  });

  it('post-now and close-now are admin only (the router checks), and post once', async () => {
    const { quiz, gateway } = await setup();
    await configure(quiz);
    expect(isAdminCall(quizCommand, 'post-now') && isAdminCall(quizCommand, 'close-now') && !isAdminCall(quizCommand, 'today')).toBe(true);
    expect((await quizCommand.execute(ctxFor(quiz, { subcommand: 'post-now', admin: true }))).content).toMatch(/posted in/);
    expect((await quizCommand.execute(ctxFor(quiz, { subcommand: 'post-now', admin: true }))).content).toMatch(/already posted/);
    expect((await quizCommand.execute(ctxFor(quiz, { subcommand: 'close-now', admin: true }))).content).toMatch(/Closed the/);
    expect(gateway.messages).toHaveLength(1);
    expect(gateway.messages[0]!.edits).toHaveLength(1);
  });

  it('practice: "another one" never draws the question just answered', async () => {
    const { quiz } = await setup();
    for (let i = 0; i < 20; i++) {
      const card = await quizCommand.execute(ctxFor(quiz, { subcommand: 'practice' }));
      const first = card.buttons!.flat()[0]!;
      const answered = first.id.split(':')[2]!;
      const graded = await quizCommand.button!(ctxFor(quiz), buttonArgs(first.id));
      const next = await quizCommand.button!(ctxFor(quiz), buttonArgs(graded.buttons![0]![0]!.id));
      expect(next.buttons!.flat()[0]!.id.split(':')[2]).not.toBe(answered);
    }
  });

  it('practice: ephemeral, by tag, counted once, scored apart; wrong answers go to /review', async () => {
    const { quiz, c } = await setup();
    const card = await quizCommand.execute(ctxFor(quiz, { subcommand: 'practice', options: { tag: 'pod' } }));
    expect(card.ephemeral).toBe(true);
    const buttons = card.buttons!.flat();
    const questionId = buttons[0]!.id.split(':')[2]!;
    expect(quiz.service.question(questionId)!.tags).toContain('pod');
    expect(buttons.every((b) => b.id.length <= 100 && b.id.endsWith(':pod'))).toBe(true);
    const wrongChoice = (quiz.service.question(questionId)!.answer + 1) % buttons.length;
    const wrong = buttons.find((b) => b.id.split(':')[4] === String(wrongChoice))!;
    const graded = await quizCommand.button!(ctxFor(quiz), buttonArgs(wrong.id));
    expect(graded).toMatchObject({ update: true, ephemeral: true });
    expect(graded.buttons![0]![0]!.id).toBe(`quiz:more:pod:${questionId}`);
    expect((await quizCommand.button!(ctxFor(quiz), buttonArgs(wrong.id))).content).toMatch(/already graded/);
    const rec = await quiz.service.userRecord(GUILD, ctxFor(quiz).userId);
    expect(rec).toMatchObject({ answered: 0, points: 0, practice: { answered: 1, correct: 0 } });
    expect(Object.keys(rec.deck)).toEqual([questionId]);
    expect(text(await quizCommand.execute(ctxFor(quiz, { subcommand: 'practice', options: { tag: 'nope' } })))).toMatch(/No questions tagged/);

    // the wrong card is due after its learning step; /review serves it and grades it once
    expect(text(await review.execute(ctxFor(quiz)))).toMatch(/Nothing to review/);
    c.advance(10 * 60_000);
    const due = await review.execute(ctxFor(quiz));
    const reviewButtons = due.buttons!.flat();
    expect(reviewButtons.map((b) => b.id).sort()).toEqual([0, 1, 2, 3].map((i) => `review:a:${questionId}:1:${i}`));
    const right = reviewButtons.find((b) => b.id.endsWith(`:${quiz.service.question(questionId)!.answer}`))!;
    const result = await review.button!(ctxFor(quiz), buttonArgs(right.id));
    expect(text(result)).toContain('Correct!');
    expect(text(await review.button!(ctxFor(quiz), buttonArgs(right.id)))).toMatch(/already graded/);
    const card2 = (await quiz.service.userRecord(GUILD, ctxFor(quiz).userId)).deck[questionId]!;
    expect(card2.reps).toBe(2);
    expect(card2.due).toBeGreaterThan(c.clock().getTime());
  });

  it('refuses in DMs', async () => {
    const { quiz } = await setup();
    await expect(quizCommand.execute(ctxFor(quiz, { guildId: null, subcommand: 'today' }))).rejects.toThrow(/server channel/);
    await expect(leaderboard.execute(ctxFor(quiz, { guildId: null }))).rejects.toThrow(/server channel/);
    for (const c of [quizCommand, leaderboard, score, review]) expect(c.guildOnly).toBe(true);
  });
});

describe('/leaderboard and /score', () => {
  it('refuses an unknown period with the accepted ones instead of showing all time', async () => {
    const { quiz } = await setup();
    await expect(leaderboard.execute(ctxFor(quiz, { options: { period: 'year' } }))).rejects.toThrow(new UserError('`year`: the period is one of all, week, month.'));
    await expect(leaderboard.execute(ctxFor(quiz, { options: { period: 'year' }, lang: 'ko' }))).rejects.toThrow('all(전체), week(이번 주), month(이번 달)');
    // a refusal is thrown, so it never replaces the board the button is on
    await expect(leaderboard.button!(ctxFor(quiz), ['page', 'year', '1'])).rejects.toThrow(/the period is one of/);
    const week = await leaderboard.execute(ctxFor(quiz, { options: { period: '이번 주' } }));
    expect(week.embeds![0]!.title).toMatch(/This week/);
    expect((await leaderboard.execute(ctxFor(quiz))).embeds![0]!.title).toMatch(/All-time/);
  });

  it('shows top 10, the caller outside it, and pages with buttons', async () => {
    const { quiz } = await setup();
    await configure(quiz);
    await quiz.scheduler.reconcile();
    const open = quiz.service.openQuiz(GUILD)!;
    for (let i = 0; i < 23; i++) await quiz.service.answerDaily(GUILD, user(i), open.quizId, i < 11 ? open.answer : (open.answer + 1) % open.choiceCount);
    const first = await leaderboard.execute(ctxFor(quiz, { userId: user(22), options: { period: 'week' } }));
    const body = first.embeds![0]!.description!;
    expect(body.split('\n').filter((l) => l.startsWith('**#'))).toHaveLength(10);
    expect(body).toContain(`You: **#12** of 23 · 0 pts · 0%`);
    const [prev, next] = first.buttons![0]!;
    expect(prev!.disabled).toBe(true);
    expect(next!.id).toBe('leaderboard:page:week:2');
    const page2 = await leaderboard.button!(ctxFor(quiz, { userId: user(22) }), buttonArgs(next!.id));
    expect(page2.update).toBe(true);
    expect(page2.embeds![0]!.footer).toBe('page 2/3');

    const mine = await score.execute(ctxFor(quiz, { userId: user(0) }));
    expect(text(mine)).toContain('20 pts · #1');
    expect(text(mine)).toContain('100% (1/1)');
    const other = await score.execute(ctxFor(quiz, { userId: user(0), options: { user: user(15) } }));
    expect(text(other)).toContain(`<@${user(15)}>`);
    expect(text(other)).not.toContain('Review deck');
  });
});

describe('the offline console refuses what its server does not have', () => {
  it('/config channel with another id and /leaderboard period:year, through the real entry point', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, STORE_URL: 'memory:', BOT_LOCALE: 'en' };
    for (const name of ['DISCORD_TOKEN', 'HEALTH_PORT', 'LOG_LEVEL', 'SHARDING_MANAGER']) delete env[name];
    const cwd = join(import.meta.dirname, '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd, env });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    const lines = ['/config channel 100000000000000099', '/leaderboard period:year', '/config channel 100000000000000003'];
    child.stdin.end(`${lines.join('\n')}\n`);
    await new Promise((resolve) => child.on('close', resolve));
    const [unknown = '', period = '', known = ''] = out.split('(only you can see this)').slice(1);
    expect(unknown).toContain('Not changed: This server has no channel `100000000000000099`');
    expect(period).toContain('`year`: the period is one of all, week, month.');
    // what changed is named and shown in bold, and the step still missing before a quiz goes out is said
    expect(known).toContain('Saved: Channel');
    expect(known).toContain('**<#100000000000000003>**');
  }, 60_000);
});
