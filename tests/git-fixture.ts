import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Real git repositories for the sources tests: a working copy pushing to a bare remote served by file://. */

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...process.env, ...IDENTITY },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface Remote {
  /** the bare repository (what sources clone) */
  bare: string;
  url: string;
  /** the working copy commits are made in */
  work: string;
  /** writes the files, commits them and pushes (force: rewrite the last commit instead) */
  commit(files: Record<string, string>, message: string, options?: { amend?: boolean }): Promise<string>;
}

export async function makeRemote(files: Record<string, string>): Promise<Remote> {
  const root = await mkdtemp(join(tmpdir(), 'studybot-git-'));
  const bare = join(root, 'remote.git');
  const work = join(root, 'work');
  await mkdir(work);
  git(root, 'init', '--quiet', '--bare', bare);
  git(work, 'init', '--quiet', '-b', 'main');
  git(work, 'remote', 'add', 'origin', bare);
  const remote: Remote = {
    bare,
    url: `file://${bare}`,
    work,
    async commit(next, message, options = {}) {
      for (const [path, text] of Object.entries(next)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      git(work, 'add', '-A');
      git(work, 'commit', '--quiet', ...(options.amend ? ['--amend'] : []), '-m', message);
      git(work, 'push', '--quiet', ...(options.amend ? ['--force'] : []), 'origin', 'main');
      return git(work, 'rev-parse', 'HEAD');
    },
  };
  await remote.commit(files, 'first notes');
  return remote;
}
