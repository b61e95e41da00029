import { join } from 'node:path';
import { benchAsk } from './ask.js';
import { benchImages } from './images.js';
import { benchHostileLines, benchSearch, sharedDir } from './search.js';
import { benchSources } from './sources.js';

/** `npm run bench`: search (ours vs BM25 bigrams, Lunr and MiniSearch: same pages, same run) and the store. */
const root = join(import.meta.dirname, '..');
// first, before the search benchmarks fill the heap with the Kubernetes docs' indexes
console.log('## Pictures (/score, /leaderboard, the weekly recap chart): render ms, target p95 <= 50');
console.table(benchImages());
console.log('## Search');
console.log('MRR@10 and Recall@5 by page path; p50/p95/p99: warm query ms on the set; buildMs and heapMB: the whole index.');
const searched = await benchSearch(root);
for (const { corpus, pages, sections, rows } of searched) {
  console.log(`### ${corpus} (${pages} pages, ${sections} sections)`);
  console.table(rows);
}
if (searched.length === 1) console.log(`kubernetes-docs: skipped (no ${join(sharedDir(root), 'corpora', 'kubernetes-docs')}; SHARED_DIR sets the shared folder)`);
console.log('## /ask (search, decision, passage and reply, per question)');
console.table(await benchAsk(root));
console.log('## Note sources (each configuration in its own process: index build, /ask p95, resident memory)');
console.table(await benchSources(root));
console.log('## Loading hostile notes (one 1 MB line each; before the fix: minutes to hours)');
console.table(benchHostileLines());

console.log("## A server's own question bank (2,000 questions at the field limits)");
console.table(await (await import('./bank.js')).benchBank());

try {
  const { benchStore } = await import('./store.js');
  console.log('## Store');
  const result = await benchStore();
  console.log('daily answers (10,000 from distinct users; an answer counts once the store acknowledged it):');
  console.table(result.answers);
  console.log('leaderboards at 100,000 scored users (seed and rebuild go through the store; board and rank reads are in memory):');
  console.table(result.boards);
} catch (error) {
  console.log(`store benchmark unavailable: ${error instanceof Error ? error.message : String(error)}`);
}
