/**
 * The offline console as a process (`npm start` without a token): its stdout is the transcript,
 * so logs stay off it, and a reader that goes away ends it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function startConsole(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STORE_URL: 'memory:', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

describe('offline console process', () => {
  it('keeps logs off the transcript: on stderr, pretty, warnings only, even with LOG_LEVEL=info', async () => {
    // a broken quiz file makes warnings; the commands make info lines that must not show
    const child = startConsole({ LOG_LEVEL: 'info', QUIZ_DIR: join('tests', 'fixtures', 'broken-content', 'quizzes') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end('/nonexistent\n/ask 파드\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('/nonexistent');
    for (const line of `${stdout}\n${stderr}`.split('\n')) expect(line.trimStart().startsWith('{'), line).toBe(false);
    expect(stderr).toMatch(/WARN.*quiz question skipped/);
    expect(stderr).not.toMatch(/command served|content indexed|INFO/);
  }, 30_000);

  it('exits when the reader of its output goes away (`| head -3`), instead of hanging or crashing', async () => {
    const child = startConsole({ LOG_LEVEL: 'info' });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // like `head`: read the first output, then close the pipe while answers keep coming
    child.stdout.once('data', () => child.stdout.destroy());
    for (let i = 0; i < 200; i++) child.stdin.write('/ask 파드\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('EPIPE');
  }, 30_000);

  it('input that ends in the middle of a form closes the store only after the last write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'console-store-'));
    const child = startConsole({ STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    child.stdin.end('/score\n/quiz submit\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/store error|SQLITE_MISUSE|remembering the member name failed/);
  }, 30_000);
});
