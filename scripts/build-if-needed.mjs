// Runs before `npm start`. In a checkout (TypeScript installed) it compiles when an input changed since the
// last build, so `npm start` always runs the current code; an unchanged checkout starts without tsc (even an
// incremental tsc spends seconds loading the program). In a production image (dev dependencies absent) it
// only checks that the build is there.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the inputs' fingerprint at the last successful build */
export const STAMP = 'dist/.build-stamp';
/** what the build reads: tsconfig.json includes src and commands */
const INPUTS = ['src', 'commands', 'tsconfig.json', 'package.json'];

/**
 * Path, time and size of every input. Any difference (a file added, removed, edited, or restored
 * with an older time by a checkout or an untar) means a build; "dist newer than every source" would
 * miss the older times.
 */
export function fingerprint(files) {
  const lines = files.map((f) => `${f.path}\t${f.mtimeMs}\t${f.size}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The build is current when it was made from exactly these inputs and its entry point exists. */
export function upToDate(stamp, files, built) {
  return built && stamp !== undefined && stamp.trim() === fingerprint(files);
}

/** Every input file under `root`, with its time and size. */
export function inputFiles(root = '.') {
  const files = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) return void files.push({ path: relative(root, path), mtimeMs: stat.mtimeMs, size: stat.size });
    for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  for (const input of INPUTS) walk(join(root, input));
  return files;
}

function main() {
  const require = createRequire(import.meta.url);
  let tsc = null;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    // production install: no compiler, use the shipped build
  }
  if (tsc) {
    // taken before tsc runs: a file saved during the build makes the next start build again
    const files = inputFiles('.');
    const stamp = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : undefined;
    if (upToDate(stamp, files, existsSync('dist/src/index.js'))) return;
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
    writeFileSync(STAMP, `${fingerprint(files)}\n`);
  } else if (!existsSync('dist/src/index.js')) {
    console.error('dist/ is missing and TypeScript is not installed: run `npm ci && npm run build` first.');
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
