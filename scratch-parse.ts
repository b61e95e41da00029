import { buildLibrary } from '../work/main/src/search/library.js';
import { parseMarkdown } from '../work/main/src/notes/markdown.js';
const lib = await buildLibrary({ contentDir: '/work/main/content/notes', glossaryFile: '/work/main/content/glossary.yaml' });
for (let round = 0; round < 3; round++) {
  const times: number[] = [];
  for (const s of lib.corpus.sections) { const t = performance.now(); parseMarkdown(s.markdown); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(round, 'sections', times.length, 'p50', times[times.length >> 1].toFixed(2), 'p95', times[Math.floor(times.length * 0.95)].toFixed(2), 'total', times.reduce((a, b) => a + b, 0).toFixed(0));
}
