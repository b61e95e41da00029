import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { commands } from '../commands/index.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

export const SHARED = join(import.meta.dirname, '..', '..', 'shared');
export const hasShared = existsSync(join(SHARED, 'corpora', 'kubernetes-docs', 'ko'));

/** Writes files (path -> text) under a fresh temporary folder and returns it. */
export async function tempTree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'studybot-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

export const silentLogger = () => createLogger({ level: 'silent' });

/** The real app over the shipped content, with an in-memory store and a fixed clock. */
export async function testApp(env: Record<string, string> = {}, clock = () => new Date('2026-03-02T00:00:00Z')): Promise<App> {
  const config = loadConfig({ STORE_URL: 'memory:', ...env });
  return createApp(config, { logger: silentLogger(), clock, commands });
}

/** The store backends the store tests run on: SQLite always, Redis and PostgreSQL when their test URLs are set. */
export const STORE_BACKENDS = [
  { name: 'sqlite', env: null, url: undefined },
  { name: 'redis', env: 'TEST_REDIS_URL', url: process.env.TEST_REDIS_URL },
  { name: 'postgres', env: 'TEST_POSTGRES_URL', url: process.env.TEST_POSTGRES_URL },
] as const;

/** Says which backends a suite skips, and how to run them. */
export function reportSkippedBackends(suite: string): void {
  for (const b of STORE_BACKENDS) {
    if (b.env && !b.url) {
      console.log(
        `${suite}: ${b.name} skipped: ${b.env} is not set ` +
          '(bash scripts/services.sh start && eval "$(bash scripts/services.sh env)")',
      );
    }
  }
}
