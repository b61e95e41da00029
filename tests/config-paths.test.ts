import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { loadGlossary } from '../src/search/glossary.js';
import { tempTree } from './helpers.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('URLs from the configuration', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'ftp://blog.example.com/'])(
    'refuses %s at start, naming the variable and the scheme',
    (url) => {
      const scheme = url.slice(0, url.indexOf(':') + 1);
      expect(problemsOf({ NOTES_BASE_URL: url, DISCORD_API_URL: url })).toEqual([
        expect.stringMatching(new RegExp(`^DISCORD_API_URL: must be an https:// .*not ${scheme}$`)),
        expect.stringMatching(new RegExp(`^NOTES_BASE_URL: must be an https:// .*not ${scheme}$`)),
      ]);
    },
  );

  it('accepts https:// and http://', () => {
    const env = { NOTES_BASE_URL: 'https://blog.example.com/posts/', DISCORD_API_URL: 'http://127.0.0.1:3000/api' };
    const config = loadConfig(env);
    expect(config.notesBaseUrl).toBe('https://blog.example.com/posts');
    expect(config.discordApiUrl).toBe('http://127.0.0.1:3000/api');
  });
});

describe('content paths from the configuration', () => {
  it('are checked at start, each problem named, all at once with the others', async () => {
    const dir = await tempTree({ 'glossary.yaml': '[]', 'notes/a.md': '# a' });
    const problems = problemsOf({
      CONTENT_DIR: join(dir, 'no-such-notes'),
      QUIZ_DIR: join(dir, 'glossary.yaml'),
      GLOSSARY_FILE: join(dir, 'notes'),
      TZ_DEFAULT: 'Mars/Base',
    });
    expect(problems).toEqual([
      `CONTENT_DIR: folder "${join(dir, 'no-such-notes')}" does not exist`,
      `QUIZ_DIR: "${join(dir, 'glossary.yaml')}" is not a folder`,
      `GLOSSARY_FILE: "${join(dir, 'notes')}" is not a file`,
      expect.stringContaining('TZ_DEFAULT'),
    ]);
  });

  it('a notes folder that is gone (e.g. at /reload) is named, not a raw ENOENT', async () => {
    const dir = await tempTree({});
    await expect(loadCorpus(join(dir, 'gone'))).rejects.toThrow(`notes folder "${join(dir, 'gone')}" does not exist`);
  });

  it('glossary errors name the file, and a missing glossary is an error', async () => {
    const dir = await tempTree({ 'bad.yaml': '- ko: [파드\n  en: [pod]', 'wrong.yaml': '- ko: 파드' });
    const failure = (name: string) => loadGlossary(join(dir, name)).then(() => '', (e: Error) => e.message);
    expect(await failure('missing.yaml')).toBe(`glossary file "${join(dir, 'missing.yaml')}" does not exist`);
    expect(await failure('bad.yaml')).toMatch(`glossary file "${join(dir, 'bad.yaml')}" is not valid YAML: `);
    expect(await failure('wrong.yaml')).toMatch(`glossary file "${join(dir, 'wrong.yaml')}": entry 0`);
  });
});
