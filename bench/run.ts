import { join } from 'node:path';
import { benchAsk } from './ask.js';
import { benchHostileLines, benchSearch } from './search.js';

/** `npm run bench`: search (ours vs MiniSearch, same pages, same run) and the store. */
const root = join(import.meta.dirname, '..');
console.log('## Search');
console.table(await benchSearch(root));
console.log('## /ask (search, decision, passage and reply, per question)');
console.table(await benchAsk(root));
console.log('## Loading hostile notes (one 1 MB line each; before the fix: minutes to hours)');
console.table(benchHostileLines());

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
