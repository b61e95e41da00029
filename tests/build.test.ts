import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (the script runs before anything is compiled)
import { fingerprint, inputFiles, upToDate } from '../scripts/build-if-needed.mjs';

interface InputFile {
  path: string;
  mtimeMs: number;
  size: number;
}
const check = upToDate as (stamp: string | undefined, files: InputFile[], built: boolean) => boolean;
const print = fingerprint as (files: InputFile[]) => string;

describe('npm start builds only when an input changed', () => {
  const files: InputFile[] = [
    { path: 'src/index.ts', mtimeMs: 1_700_000_000_000, size: 2400 },
    { path: 'commands/ask.ts', mtimeMs: 1_700_000_100_000, size: 900 },
  ];
  const stamp = `${print(files)}\n`;

  it('skips tsc when the inputs are those of the last build and dist/ has the entry point', () => {
    expect(check(stamp, [...files].reverse(), true)).toBe(true);
  });

  it('builds after an edit, an older time (checkout, untar), a new or removed file, or without a build', () => {
    expect(check(stamp, [{ ...files[0]!, mtimeMs: files[0]!.mtimeMs + 1 }, files[1]!], true)).toBe(false);
    expect(check(stamp, [{ ...files[0]!, mtimeMs: files[0]!.mtimeMs - 60_000 }, files[1]!], true)).toBe(false);
    expect(check(stamp, [files[0]!, { ...files[1]!, size: 901 }], true)).toBe(false);
    expect(check(stamp, [...files, { path: 'src/new.ts', mtimeMs: 1, size: 1 }], true)).toBe(false);
    expect(check(stamp, [files[0]!], true)).toBe(false);
    expect(check(undefined, files, true)).toBe(false);
    expect(check(stamp, files, false)).toBe(false);
  });

  it('fingerprints every file under src and commands, and tsconfig.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'studybot-build-'));
    try {
      mkdirSync(join(root, 'src', 'store'), { recursive: true });
      mkdirSync(join(root, 'commands'));
      for (const file of ['src/index.ts', 'src/store/open.ts', 'commands/ask.ts', 'tsconfig.json', 'README.md']) writeFileSync(join(root, file), 'x');
      const found = (inputFiles as (root: string) => InputFile[])(root);
      expect(found.map((f) => f.path).sort()).toEqual(['commands/ask.ts', 'src/index.ts', 'src/store/open.ts', 'tsconfig.json']);
      const before = print(found);
      utimesSync(join(root, 'src/store/open.ts'), new Date(2020, 0, 1), new Date(2020, 0, 1));
      expect(print((inputFiles as (root: string) => InputFile[])(root))).not.toBe(before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
