// Runs before `npm start`. In a checkout (TypeScript installed) it compiles
// incrementally so `npm start` always runs the current code; in a production
// image (dev dependencies absent) it only checks that the build is there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // production install: no compiler, use the shipped build
}
if (tsc) {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
} else if (!existsSync('dist/src/index.js')) {
  console.error('dist/ is missing and TypeScript is not installed: run `npm ci && npm run build` first.');
  process.exit(1);
}
