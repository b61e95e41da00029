import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

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
});
