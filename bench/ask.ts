import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuestion } from '../src/notes/ask.js';
import { buildLibrary } from '../src/search/library.js';
import { sharedDir } from './search.js';

/*
 * /ask as a user meets it: search, the decision, the passage and the rendered reply, timed per
 * question on the shipped notes and on the Korean docs corpus. The first pass is reported as
 * well as the warm one: it includes building the typo index on the first unknown word.
 */

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function questions(files: string[]): string[] {
  return files
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

function timeAll(run: (q: string) => unknown, qs: string[]): { p50: number; p95: number } {
  const ms = qs.map((q) => {
    const start = performance.now();
    run(q);
    return performance.now() - start;
  });
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

export async function benchAsk(root: string): Promise<Record<string, string | number>[]> {
  const shared = sharedDir(root);
  const glossaryFile = join(root, 'content', 'glossary.yaml');
  const askSets = [join(shared, 'eval', 'ask-dev.jsonl'), join(root, 'bench', 'eval', 'ask-heldout.jsonl')];
  const docsSets = ['k8sdocs-ko-dev.jsonl', 'k8sdocs-ko-dev2.jsonl', 'k8sdocs-en-dev.jsonl'].map((f) => join(shared, 'eval', f));
  const targets: [string, string, string[]][] = [['shipped notes', join(root, 'content', 'notes'), questions(askSets)]];
  const koDocs = join(shared, 'corpora', 'kubernetes-docs', 'ko');
  if (existsSync(koDocs)) targets.push(['Korean docs', koDocs, questions([...askSets, ...docsSets])]);
  const rows: Record<string, string | number>[] = [];
  for (const [name, dir, qs] of targets) {
    const started = performance.now();
    const library = await buildLibrary({ contentDir: dir, glossaryFile });
    const buildMs = performance.now() - started;
    const ask = (q: string) => answerQuestion(library, q, 'ko');
    const first = timeAll(ask, qs);
    const warm = timeAll(ask, qs);
    rows.push({
      corpus: name,
      questions: qs.length,
      sections: library.corpus.sections.length,
      'build ms': Math.round(buildMs),
      'first pass p95 ms': first.p95.toFixed(2),
      'warm p50 ms': warm.p50.toFixed(2),
      'warm p95 ms': warm.p95.toFixed(2),
    });
  }
  return rows;
}
