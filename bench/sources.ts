import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuestion } from '../src/notes/ask.js';
import { buildLibrary } from '../src/search/library.js';
import { DEFAULT_LIMITS, type SourceSpec } from '../src/sources/spec.js';
import { sharedDir } from './search.js';

/*
 * Note sources at the sizes a group runs: the shipped notes alone, plus the Korean docs, plus the Korean
 * and English docs, each as `path:` sources (a git source reads the same files from its checkout). Each
 * configuration runs in its own process, so resident memory is that of a bot holding that library.
 */

const CONFIGS = ['notes', 'notes + ko docs', 'notes + ko + en docs'] as const;
type ConfigName = (typeof CONFIGS)[number];

function specsFor(root: string, name: ConfigName): SourceSpec[] {
  const docs = join(sharedDir(root), 'corpora', 'kubernetes-docs');
  const base = { limits: DEFAULT_LIMITS, format: 'hugo' as const, images: 'https://kubernetes.io/' };
  const specs: SourceSpec[] = [
    { name: 'notes', path: join(root, 'content', 'notes'), dir: '', format: 'jekyll', rank: 1, limits: DEFAULT_LIMITS },
  ];
  if (name !== 'notes') {
    specs.push({ ...base, name: 'k8s-docs-ko', path: docs, dir: 'ko', link: 'https://kubernetes.io/ko/docs/{path}/', rank: 0.8 });
  }
  if (name === 'notes + ko + en docs') {
    specs.push({ ...base, name: 'k8s-docs-en', path: docs, dir: 'en', link: 'https://kubernetes.io/docs/{path}/', rank: 0.7 });
  }
  return specs;
}

function questions(root: string): string[] {
  const shared = sharedDir(root);
  return [
    join(shared, 'eval', 'ask-dev.jsonl'),
    join(root, 'bench', 'eval', 'ask-heldout.jsonl'),
    join(shared, 'eval', 'k8sdocs-ko-dev.jsonl'),
    join(shared, 'eval', 'k8sdocs-en-dev.jsonl'),
  ]
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

/** In the child: build one configuration, time /ask over every question twice (first, warm), report RSS. */
async function measure(root: string, name: ConfigName): Promise<Record<string, string | number>> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const library = await buildLibrary({
    sources: specsFor(root, name),
    glossaryFile: join(root, 'content', 'glossary.yaml'),
    cacheDir: join(root, 'data', 'sources'),
  });
  const buildMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBuilt = process.memoryUsage().rss;
  const qs = questions(root);
  const times = (): number[] =>
    qs
      .map((q) => {
        const t = performance.now();
        answerQuestion(library, q, 'ko');
        return performance.now() - t;
      })
      .sort((a, b) => a - b);
  const p95 = (ms: number[]) => ms[Math.min(ms.length - 1, Math.floor(0.95 * ms.length))] ?? 0;
  const first = times();
  const warm = times();
  (globalThis as { gc?: () => void }).gc?.();
  return {
    configuration: name,
    notes: library.corpus.notes.length,
    sections: library.corpus.sections.length,
    questions: qs.length,
    'build ms': Math.round(buildMs),
    'first pass p95 ms': p95(first).toFixed(2),
    '/ask warm p95 ms': p95(warm).toFixed(2),
    'RSS MB': Math.round(process.memoryUsage().rss / 2 ** 20),
    'RSS for the library MB': Math.round((rssBuilt - rssBefore) / 2 ** 20),
  };
}

function runChild(name: ConfigName): Promise<Record<string, string | number>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'sources.ts'), 'child', name],
      { maxBuffer: 1024 * 1024, env: process.env },
      (error, stdout) => {
        if (error) return reject(error);
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string | number>);
      },
    );
  });
}

/** One row per configuration that can run here (the docs need ../shared or SHARED_DIR). */
export async function benchSources(root: string): Promise<Record<string, string | number>[]> {
  const docs = join(sharedDir(root), 'corpora', 'kubernetes-docs');
  const rows: Record<string, string | number>[] = [];
  for (const name of CONFIGS) {
    if (name !== 'notes' && !existsSync(join(docs, name.includes('en') ? 'en' : 'ko'))) continue;
    rows.push(await runChild(name));
  }
  return rows;
}

if (process.argv[2] === 'child') {
  const name = process.argv[3] as ConfigName;
  process.stdout.write(`${JSON.stringify(await measure(join(import.meta.dirname, '..'), name))}\n`);
}
