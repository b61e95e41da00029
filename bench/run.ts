import { join } from 'node:path';
import { benchSearch } from './search.js';

/** `npm run bench`: search (ours vs MiniSearch, same pages, same run) and the store. */
const root = join(import.meta.dirname, '..');
console.log('## Search');
console.table(await benchSearch(root));

try {
  const { benchStore } = await import('./store.js');
  console.log('## Store');
  const result = await benchStore();
  if (result) console.table(result);
} catch (error) {
  console.log(`store benchmark unavailable: ${error instanceof Error ? error.message : String(error)}`);
}
