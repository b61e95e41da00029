import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildLibrary } from '../src/search/library.js';
import { readEvalFile } from '../src/search/eval.js';
import { search } from '../src/search/engine.js';
import { sharedDir } from './search.js';

/*
 * Does the first page the engine shows answer the question? MRR counts one page per question as right,
 * but a learner is served by any page that states the answer. In session 15 three readers who were not
 * told which page was the cited one read the first page shown for every judge-set question that missed
 * (and, as a check, for some that hit) and said yes, partial or no (bench/eval/k8sdocs-judge-top1-read.jsonl).
 * This prints, for each question language and page language, how often the first page is the cited one,
 * how often it answers (cited, or read as yes) and how often it at least gets the learner close (partial);
 * a first page no reader has read (the engine changed since) is counted apart as unread.
 *
 *   npx tsx bench/search-read.ts
 */

interface Reading {
  id: string;
  pages: string;
  page: string;
  verdict: 'yes' | 'partial' | 'no';
}

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  const shared = sharedDir(root);
  const readings = new Map<string, Reading['verdict']>();
  const lines = (await readFile(join(root, 'bench', 'eval', 'k8sdocs-judge-top1-read.jsonl'), 'utf8')).split('\n');
  for (const line of lines.filter(Boolean)) {
    const r = JSON.parse(line) as Reading;
    readings.set(`${r.id} ${r.pages} ${r.page}`, r.verdict);
  }
  for (const pages of ['ko', 'en']) {
    const dir = join(shared, 'corpora', 'kubernetes-docs', pages);
    if (!existsSync(dir)) {
      console.log(`${pages} pages: skipped (no ${dir})`);
      continue;
    }
    const { index } = await buildLibrary({ contentDir: dir, glossaryFile: join(root, 'content', 'glossary.yaml') });
    for (const asked of ['ko', 'en']) {
      const questions = await readEvalFile(join(root, 'bench', 'eval', `k8sdocs-${asked}-judge.jsonl`));
      const count = { cited: 0, yes: 0, partial: 0, no: 0, unread: 0 };
      for (const q of questions) {
        const first = search(index, q.q, 1).hits[0]?.section.path;
        if (first === undefined) count.no++;
        else if (q.paths?.includes(first)) count.cited++;
        else count[readings.get(`${q.id} ${pages} ${first}`) ?? 'unread']++;
      }
      const share = (n: number) => (n / questions.length).toFixed(3);
      console.log(
        `${asked} questions → ${pages} pages (${questions.length}): first page cited ${share(count.cited)}, ` +
          `answers ${share(count.cited + count.yes)}, answers or gets close ${share(count.cited + count.yes + count.partial)}` +
          (count.unread ? `, unread ${count.unread}` : ''),
      );
    }
  }
}

await main();
