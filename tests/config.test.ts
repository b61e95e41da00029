import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type Caller, route } from '../src/router.js';
import { testApp } from './helpers.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123';

describe('config', () => {
  it('has sensible defaults without any variable (offline console)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ discordToken: undefined, contentDir: 'content/notes', tzDefault: 'Asia/Seoul', storeUrl: 'sqlite://data/bot.sqlite', quizTickCron: '* * * * *' });
  });

  it('lists every problem at once, by variable name, without echoing the token', () => {
    try {
      loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: 'abc', TZ_DEFAULT: 'Mars/Base', HEALTH_PORT: '99999', LOG_LEVEL: 'loud', QUIZ_TICK_CRON: 'often' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'TZ_DEFAULT', 'HEALTH_PORT', 'LOG_LEVEL', 'QUIZ_TICK_CRON']) expect(message).toContain(name);
      expect(message).not.toContain(TOKEN);
    }
  });

  it('treats an empty value (`KEY=` in a copied .env) as unset, so the default applies', () => {
    const config = loadConfig({ STORE_URL: '', CONTENT_DIR: ' ', TZ_DEFAULT: '', LOG_LEVEL: '', QUIZ_TICK_CRON: '', HEALTH_PORT: '', DISCORD_TOKEN: '' });
    expect(config).toMatchObject({ storeUrl: 'sqlite://data/bot.sqlite', contentDir: 'content/notes', tzDefault: 'Asia/Seoul', logLevel: 'info', quizTickCron: '* * * * *', healthPort: undefined, discordToken: undefined });
  });
});

describe('logger', () => {
  it('never writes the token, whatever the shape of the log call', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: sink });
    logger.info({ token: TOKEN, config: { discordToken: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } }, 'login');
    logger.info({ detail: `token was ${TOKEN}` }, `message with ${TOKEN}`);
    logger.error(new Error(`401 for ${TOKEN}`));
    const all = lines.join('');
    expect(lines.length).toBe(3);
    expect(all).not.toContain(TOKEN);
    expect(all).toContain('[REDACTED]');
  });

  it('keeps the message and stack of an error (top level, under err, and its cause) while scrubbing the token', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: sink });
    const err = new Error(`store down near ${TOKEN}`, { cause: new Error('ECONNRESET underneath') });
    logger.error({ err }, 'store error');
    logger.child({ guildId: '1' }).error(new Error(`401 for ${TOKEN}`));
    expect(lines.join('')).not.toContain(TOKEN);
    const [first, second] = lines.map((l) => JSON.parse(l) as { err: { message?: string; stack?: string } });
    expect(first!.err.message).toContain('store down near [REDACTED]');
    expect(first!.err.message).toContain('ECONNRESET underneath');
    expect(first!.err.stack).toMatch(/^Error: store down near \[REDACTED\]\n\s+at /);
    expect(second!.err.message).toBe('401 for [REDACTED]');
    expect(second!.err.stack).toContain('config.test.ts');
  });
});

describe('interaction logs', () => {
  it('carry the guild, channel, user and command ids on every line, and never the token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: sink });
    const base = await testApp();
    // a command that fails with the token in its error, as a misbehaving library might
    const leaky = { data: { name: 'leaky', description: 'test only' }, execute: async () => { throw new Error(`401 Unauthorized for Bot ${TOKEN}`); } };
    const app = { ...base, logger, commands: [...base.commands, leaky] };
    const caller: Caller = { userId: '200000000000000001', userName: 'me', guildId: '300000000000000001', channelId: '400000000000000001', locale: 'ko', canManageGuild: false };
    await route(app, caller, { kind: 'command', name: 'ask', subcommand: null, options: { question: '파드' } });
    await route(app, caller, { kind: 'command', name: 'reload', subcommand: null, options: {} });
    await route(app, { ...caller, canManageGuild: true }, { kind: 'command', name: 'config', subcommand: 'time', options: { time: '08:30' } });
    await route(app, caller, { kind: 'command', name: 'nope', subcommand: null, options: {} });
    await route(app, caller, { kind: 'button', customId: 'nobody:knows' });
    await route(app, caller, { kind: 'command', name: 'leaky', subcommand: null, options: {} });
    await base.close();

    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.msg)).toEqual(['command served', 'admin command refused', 'quiz settings changed', 'command served', 'unknown command', 'unknown button', 'command failed']);
    for (const r of records) {
      expect(r).toMatchObject({ guildId: caller.guildId, channelId: caller.channelId, userId: caller.userId });
      expect(typeof r.command).toBe('string');
    }
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
