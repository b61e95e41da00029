import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { shortHash } from '../corpus/markdown.js';
import { gitUrlProblem, type SourceSpec } from './spec.js';

/*
 * git sources: the `git` binary run with an argument list (execFile, never a shell), shallow, with a
 * timeout and no prompts. Every URL passes gitUrlProblem first, and `--` ends the options before it.
 */

/** Only these transports, also for anything a repository might point to (submodules, redirects). */
const SAFE_CONFIG = [
  '-c',
  'protocol.allow=never',
  '-c',
  'protocol.https.allow=always',
  '-c',
  'protocol.file.allow=always',
  // a link in the repository stays a small file holding its target: the reader never follows it out
  '-c',
  'core.symlinks=false',
  '-c',
  'advice.detachedHead=false',
];

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Runs git with arguments; resolves stdout, rejects with git's own last error line. */
export function runGit(args: string[], options: { cwd?: string; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'echo',
          SSH_ASKPASS: 'echo',
          GIT_CONFIG_NOSYSTEM: '1',
          LC_ALL: 'C',
        },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout.trim());
        if (error.killed || error.signal === 'SIGKILL') {
          return reject(new GitError(`git ${args[0]} took longer than ${options.timeoutMs / 1000} s (the source's time limit)`));
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new GitError('the git program is not installed (needed for git sources)'));
        }
        const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('hint:'));
        const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
        const said = (fatal.length ? fatal : lines.slice(-1)).join(' ') || error.message;
        reject(new GitError(`git ${args[0]} failed: ${said}`.slice(0, 400)));
      },
    );
  });
}

/** The folder a git source is checked out in: a new URL, branch or folder gets a fresh clone. */
export function checkoutDir(cacheDir: string, spec: SourceSpec): string {
  return join(cacheDir, `${spec.name}-${shortHash(`${spec.git}\n${spec.branch ?? ''}\n${spec.dir}`)}`);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

export interface GitSync {
  /** the checkout to read the notes from */
  dir: string;
  commit: string;
  /** true when this sync cloned (first start or a changed source) */
  cloned: boolean;
}

/**
 * Brings a git source up to date: clones it when there is no checkout yet (into a temporary folder
 * renamed into place only when complete), otherwise fetches the branch and resets to it, so a
 * force-push is followed like any other push. A failure leaves the last good checkout as it was.
 */
export async function syncGit(spec: SourceSpec, cacheDir: string): Promise<GitSync> {
  const url = spec.git;
  if (!url) throw new GitError('not a git source');
  const problem = gitUrlProblem(url);
  if (problem) throw new GitError(`git URL refused: ${problem}`);
  const timeoutMs = spec.limits.timeoutSeconds * 1000;
  const dir = checkoutDir(cacheDir, spec);
  let cloned = false;
  if (await exists(join(dir, '.git'))) {
    // `origin HEAD` follows the remote's default branch when none is named
    await runGit(['fetch', '--depth', '1', '--no-tags', 'origin', '--', spec.branch ?? 'HEAD'], { cwd: dir, timeoutMs });
    await runGit(['reset', '--hard', '--quiet', 'FETCH_HEAD'], { cwd: dir, timeoutMs });
  } else {
    await mkdir(dirname(dir), { recursive: true });
    const temp = `${dir}.partial`;
    await rm(temp, { recursive: true, force: true });
    const sparse = spec.dir ? ['--filter=blob:none', '--sparse'] : [];
    const branch = spec.branch ? ['--branch', spec.branch] : [];
    try {
      await runGit(['clone', '--depth', '1', '--no-tags', '--single-branch', ...sparse, ...branch, '--', url, temp], {
        timeoutMs,
      });
      await headCommit(temp, spec);
      if (spec.dir) await runGit(['sparse-checkout', 'set', '--', spec.dir], { cwd: temp, timeoutMs });
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    cloned = true;
  }
  return { dir, commit: await headCommit(dir, spec), cloned };
}

/** The checked-out commit; a clone without one means the remote's default branch names nothing. */
async function headCommit(dir: string, spec: SourceSpec): Promise<string> {
  try {
    return await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: dir, timeoutMs: 10_000 });
  } catch {
    throw new GitError(
      spec.branch
        ? `branch "${spec.branch}" has no commit`
        : 'the remote\'s default branch (HEAD) has no commit: set "branch:" in the sources file',
    );
  }
}

/** The commit a checkout is at, or undefined when there is no usable checkout. */
export async function checkoutCommit(dir: string): Promise<string | undefined> {
  if (!(await exists(join(dir, '.git')))) return undefined;
  return runGit(['rev-parse', 'HEAD'], { cwd: dir, timeoutMs: 10_000 }).catch(() => undefined);
}
