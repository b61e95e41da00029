import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { CONSOLE_CALLER, createScreen, runConsole } from '../src/console/console.js';
import { parseCommandLine } from '../src/console/parse.js';
import { hasShared, SHARED, testApp } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const run = promisify(execFile);

describe('console line parser', () => {
  it('fills the first required option with bare text and reads name:value pairs', () => {
    expect(parseCommandLine('/ask 컨테이너가 뭐야?', commands)).toEqual({ name: 'ask', subcommand: null, options: { question: '컨테이너가 뭐야?' } });
    expect(parseCommandLine('/note topic:파드 기본', commands)).toEqual({ name: 'note', subcommand: null, options: { topic: '파드 기본' } });
    expect(parseCommandLine('/ask question:a:b private:true', commands)).toEqual({ name: 'ask', subcommand: null, options: { question: 'a:b', private: true } });
    expect(parseCommandLine('ask', commands)).toHaveProperty('error');
  });
});

describe('offline console', () => {
  it('answers every line, renders embeds and buttons as text, presses buttons by letter', async () => {
    const app = await testApp();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c) => (text += String(c)));
    input.end('/ask 컨테이너와 VM의 차이\nA\n/nope\n/help\n');
    await runConsole(app, { input, screen: createScreen(output, false), interactive: false, locale: 'ko' });
    expect(text).toMatch(/== .*컨테이너.* ==/);
    expect(text).toContain('[A] 전체 보기');
    expect(text).toContain('(only you can see this)');
    expect(text).toContain('알 수 없는 명령');
    expect(text).toContain('/ask');
  });
});

describe('offline console: forms', () => {
  it('/quiz submit asks field by field; \\n makes a line break; a bad field is named, a good form is queued', async () => {
    const app = await testApp();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c) => (text += String(c)));
    const fields = (answer: string) => ['무엇을 함께 쓰나요?', '네트워크\\n커널 버전', answer, '같은 파드는 IP를 나눠 쓴다.', 'pod'];
    input.end(['/quiz submit', ...fields('Z'), '/quiz submit', ...fields('A'), '/quiz submit', 'cancel', ''].join('\n'));
    await runConsole(app, { input, screen: createScreen(output, false), interactive: false, locale: 'en' });
    expect(text).toContain('== Propose a question ==');
    expect(text).toContain('• **answer**: must be one letter A to E');
    expect(text).toContain('Submission #1 is waiting for a reviewer');
    expect(text).toContain('form dropped');
    const [item] = app.quiz.service.moderation.pending(CONSOLE_CALLER.guildId!);
    expect(item?.question?.choices).toEqual(['네트워크', '커널 버전']);
  });
});

describe('command line', () => {
  it('search answers one JSON line per input line, blank and over-long lines included', async () => {
    const child = execFile('npx', ['tsx', 'src/cli.ts', 'search', '--content', 'content/notes', '--top', '3', '--json'], { cwd: ROOT });
    let out = '';
    child.stdout?.on('data', (c) => (out += String(c)));
    child.stdin?.end(`파드란?\n\n${'x'.repeat(1200)}\nkubectl logs --previous\n`);
    await new Promise((resolve) => child.on('close', resolve));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].results.length).toBeGreaterThan(0);
    expect(lines[0].results[0]).toEqual(expect.objectContaining({ path: expect.any(String), title: expect.any(String), heading: expect.any(String), score: expect.any(Number), text: expect.any(String) }));
    expect(lines[1].results).toEqual([]);
    expect(lines[2].error).toContain('longer');
    expect(typeof lines[3].ms).toBe('number');
  }, 30_000);

  it('validate passes on the shipped content and fails naming the file and field on broken content', async () => {
    const ok = await run('npx', ['tsx', 'src/cli.ts', 'validate'], { cwd: ROOT });
    expect(ok.stdout).toContain('all valid');
    const bad = await run('npx', ['tsx', 'src/cli.ts', 'validate', '--content', join(ROOT, 'tests', 'fixtures', 'broken-content')], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in bad && bad.code).toBe(1);
    expect(bad.stderr).toContain('notes/no-sections.md: sections');
  }, 30_000);

  it.skipIf(!hasShared)('searches the shared Korean docs by the evaluation contract', async () => {
    const child = execFile('npx', ['tsx', 'src/cli.ts', 'search', '--content', join(SHARED, 'corpora', 'kubernetes-docs', 'ko'), '--top', '5', '--json'], { cwd: ROOT });
    let out = '';
    child.stdout?.on('data', (c) => (out += String(c)));
    child.stdin?.end('파드란 무엇인가\n');
    await new Promise((resolve) => child.on('close', resolve));
    expect(JSON.parse(out.trim()).results[0].path).toBe('concepts/workloads/pods/_index.md');
  }, 30_000);
});

describe('console booleans', () => {
  it('passes a word that is neither yes nor no on to the command, which refuses it', () => {
    const parsed = (line: string) => parseCommandLine(line, commands);
    expect(parsed('/config enabled maybe')).toMatchObject({ options: { enabled: 'maybe' } });
    expect(parsed('/config enabled off')).toMatchObject({ options: { enabled: false } });
    expect(parsed('/config enabled 네')).toMatchObject({ options: { enabled: true } });
  });
});
