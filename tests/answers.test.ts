import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Section } from '../src/corpus/types.js';
import { toMessage } from '../src/discord/render.js';
import { paginate, sectionPages } from '../src/notes/pages.js';
import { suggestTopics } from '../src/notes/topics.js';
import type { Reply } from '../src/reply.js';
import { route, type Caller } from '../src/router.js';
import { testApp } from './helpers.js';

const member: Caller = { userId: '200000000000000001', userName: 'me', guildId: '300000000000000001', channelId: '400000000000000001', locale: 'ko', canManageGuild: false };
let app: App;
beforeAll(async () => {
  app = await testApp();
});

const ask = (question: string, caller = member) => route(app, caller, { kind: 'command', name: 'ask', subcommand: null, options: { question } }) as Promise<Reply>;

describe('/ask', () => {
  it('answers a Korean question with the best section, a snippet and more results', async () => {
    const reply = await ask('컨테이너와 가상 머신의 차이가 뭐야?');
    const embed = reply.embeds?.[0];
    expect(embed?.title).toMatch(/컨테이너|VM|가상/);
    expect(embed?.description).toContain('**');
    expect(embed?.footer).toMatch(/\.md/);
    expect(reply.buttons?.[0]?.[0]?.id).toMatch(/^note:open:/);
    expect(reply.ephemeral).toBeFalsy();
  });

  it('answers an English question from Korean notes, in English for an English locale', async () => {
    const reply = await ask('what is a container runtime', { ...member, locale: 'en-US' });
    expect(reply.embeds?.[0]?.title).toMatch(/런타임|runtime/i);
    expect(reply.embeds?.[0]?.footer).toMatch(/^Source:/);
  });

  it('says so and suggests notes when nothing matches', async () => {
    const reply = await ask('오늘 점심 메뉴 추천');
    expect(reply.embeds?.[0]?.title).toContain('찾지 못했어요');
  });

  it('gives a clear answer to empty, emoji-only, zero-width and over-long questions', async () => {
    for (const q of ['', '   ', '🙂🙂', '\u200b\u200b']) expect((await ask(q)).content).toContain('질문을 적어 주세요');
    expect((await ask('파'.repeat(4000))).content).toContain('너무 길어요');
    // control characters are dropped: the same answer as without them, not the "no match" embed
    const withControls = await ask('\u0000\u0007파드\u001b');
    expect(withControls.embeds?.[0]?.title).not.toContain('찾지 못했어요');
    expect(withControls).toEqual(await ask('파드'));
  });

  it('answers privately when asked to', async () => {
    const reply = (await route(app, member, { kind: 'command', name: 'ask', subcommand: null, options: { question: '파드', private: true } })) as Reply;
    expect(reply.ephemeral).toBe(true);
  });

  it('escapes question text so it cannot format or ping', async () => {
    const reply = await ask('@everyone <@&123> **파드**');
    expect(reply.content).toContain('\\*\\*');
    // the payload sent to Discord allows no mentions at all: not @everyone, roles, users, nor the replied user
    expect(toMessage(reply).allowedMentions).toEqual({ parse: [], repliedUser: false });
  });
});

describe('/note', () => {
  it('suggests at most 25 choices of at most 100 characters', () => {
    const choices = suggestTopics(app.library.current, '');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of suggestTopics(app.library.current, '컨테이너')) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('matches Korean initials and text typed on the wrong keyboard layout', () => {
    expect(suggestTopics(app.library.current, 'ㅋㅌㅇㄴ')[0]?.name).toContain('컨테이너');
    expect(suggestTopics(app.library.current, 'zjsxpdlsj')[0]?.name).toContain('컨테이너');
  });

  it('shows a picked section and pages through a long one with buttons', async () => {
    const id = suggestTopics(app.library.current, '컨테이너')[0]?.value ?? '';
    const reply = (await route(app, member, { kind: 'command', name: 'note', subcommand: null, options: { topic: id } })) as Reply;
    expect(reply.embeds?.[0]?.description?.length).toBeGreaterThan(20);

    // a section longer than a page (the notes have none): three paragraphs of 1,000 characters
    const markdown = ['가', '나', '다'].map((c) => c.repeat(1000)).join('\n\n');
    const long: Section = {
      id: 'test-long-section', path: 'test/long.md', noteTitle: 'Long', heading: 'Long', headingPath: ['Long'],
      anchor: 'long', text: markdown, code: '', markdown,
    };
    app.library.current.byId.set(long.id, long);
    const total = sectionPages(long).length;
    expect(total).toBe(3);
    const first = (await route(app, member, { kind: 'command', name: 'note', subcommand: null, options: { topic: long.id } })) as Reply;
    expect(first.embeds?.[0]?.footer).toContain(`1/${total}`);
    expect(first.buttons?.[0]?.map((b) => [b.id, b.disabled])).toEqual([
      [`note:page:${long.id}:-1`, true],
      [`note:page:${long.id}:1`, false],
    ]);
    const next = first.buttons?.[0]?.[1]?.id ?? '';
    const second = (await route(app, member, { kind: 'button', customId: next })) as Reply;
    expect(second.update).toBe(true);
    expect(second.embeds?.[0]?.footer).toContain(`2/${total}`);
    expect(second.embeds?.[0]?.description).not.toBe(first.embeds?.[0]?.description);
    expect(second.buttons?.[0]?.[0]).toMatchObject({ id: `note:page:${long.id}:0`, disabled: false });
    const pages = paginate('가'.repeat(5000));
    expect(pages.length).toBe(3);
    expect(pages.every((p) => p.length <= 1800)).toBe(true);
  });

  it('refuses a stale page button clearly', async () => {
    const reply = (await route(app, member, { kind: 'button', customId: 'note:page:gone:1' })) as Reply;
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('/note');
  });
});

describe('/help', () => {
  const help = async (caller: Caller, commands = app.commands) =>
    (await route({ ...app, commands }, caller, { kind: 'command', name: 'help', subcommand: null, options: {} })) as Reply;
  const lineOf = (reply: Reply, name: string) => reply.embeds?.[0]?.description?.split('\n').find((l) => l.startsWith(`**/${name}**`));

  it('marks an admin command once, in either language', async () => {
    const ko = await help(member);
    const en = await help({ ...member, locale: 'en-US' });
    expect(ko.embeds?.[0]?.description).not.toContain('(관리자) (관리자)');
    expect(en.embeds?.[0]?.description).not.toContain('(admins) (admins)');
    expect(lineOf(ko, 'config')).toBe('**/config** show | channel | time | timezone | open-hours | recap | enabled | draw | self-approve | reviewer-role: 이 서버의 오늘의 퀴즈 설정 (관리자)');
    expect(lineOf(en, 'reload')).toBe('**/reload**: Pull the note sources, re-read the notes and rebuild the search index (admins)');
    expect(lineOf(en, 'ask')).not.toContain('(admins)');
  });

  it('marks an admin command whose description does not say so', async () => {
    const purge = { data: { name: 'purge', description: 'Forget everything', description_localizations: { ko: '모두 잊기' } }, admin: true, execute: async () => ({}) };
    const commands = [...app.commands, purge] as App['commands'];
    expect(lineOf(await help(member, commands), 'purge')).toBe('**/purge**: 모두 잊기 (관리자)');
    expect(lineOf(await help({ ...member, locale: 'en-US' }, commands), 'purge')).toBe('**/purge**: Forget everything (admins)');
  });
});

describe('router', () => {
  it('refuses admin commands to members without Manage Server, whatever Discord allowed', async () => {
    const reply = (await route(app, member, { kind: 'command', name: 'reload', subcommand: null, options: {} })) as Reply;
    expect(reply.content).toContain('Manage Server');
    const admin = (await route(app, { ...member, canManageGuild: true }, { kind: 'command', name: 'reload', subcommand: null, options: {} })) as Reply;
    expect(admin.embeds?.[0]?.title).toContain('다시 불러왔어요');
  });

  it('refuses server-only commands in a DM, ephemerally, in the user\'s language', async () => {
    const dm = { ...member, guildId: null, locale: 'en-US' };
    for (const name of ['quiz', 'leaderboard', 'score', 'review', 'config']) {
      const reply = (await route(app, dm, { kind: 'command', name, subcommand: null, options: {} })) as Reply;
      expect(reply).toEqual({ content: 'This command only works in a server channel.', ephemeral: true });
    }
    const button = (await route(app, { ...dm, locale: 'ko' }, { kind: 'button', customId: 'review:next' })) as Reply;
    expect(button).toEqual({ content: '이 명령은 서버 채널에서만 쓸 수 있어요.', ephemeral: true });
  });

  it('answers unknown commands and buttons clearly', async () => {
    expect(((await route(app, member, { kind: 'command', name: 'nope', subcommand: null, options: {} })) as Reply).content).toContain('/help');
    expect(((await route(app, member, { kind: 'button', customId: 'zzz:1' })) as Reply).ephemeral).toBe(true);
  });

  it('turns a crash inside a command into a short message in the user\'s language', async () => {
    const boom = { data: { name: 'boom', description: 'x' }, execute: async () => { throw new Error('kaboom'); } };
    const crashy = { ...app, commands: [...app.commands, boom] } as App;
    const ko = (await route(crashy, member, { kind: 'command', name: 'boom', subcommand: null, options: {} })) as Reply;
    const en = (await route(crashy, { ...member, locale: 'en-GB' }, { kind: 'command', name: 'boom', subcommand: null, options: {} })) as Reply;
    expect(ko.content).toContain('문제가 생겼어요');
    expect(en.content).toContain('Something went wrong');
    expect(en.ephemeral).toBe(true);
  });
});
