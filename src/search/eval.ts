import { readFile } from 'node:fs/promises';
import type { SearchIndex } from './engine.js';
import { search } from './engine.js';

export interface EvalQuestion {
  id: string;
  q: string;
  paths?: string[];
  expect?: string[][];
}

export async function readEvalFile(file: string): Promise<EvalQuestion[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** MRR@10 and Recall@5 against expected paths; hit@3 against expected words (every group must appear). */
export function evaluate(index: SearchIndex, questions: EvalQuestion[]) {
  let rr = 0;
  let recall5 = 0;
  let hit3 = 0;
  const misses: string[] = [];
  for (const q of questions) {
    const hits = search(index, q.q, 10).hits;
    if (q.paths) {
      const rank = hits.findIndex((h) => q.paths?.includes(h.section.path));
      rr += rank >= 0 ? 1 / (rank + 1) : 0;
      if (rank >= 0 && rank < 5) recall5++;
      const top = hits.slice(0, 3).map((h) => h.section.path);
      if (rank !== 0) misses.push(`${q.id} ${q.q} -> rank ${rank + 1 || '-'}: ${top.join(', ')}`);
    }
    if (q.expect) {
      const ok = hits.slice(0, 3).some((h) => {
        const text = `${h.section.noteTitle} ${h.section.heading} ${h.section.text} ${h.section.code}`.toLowerCase();
        return q.expect?.every((group) => group.some((word) => text.includes(word.toLowerCase())));
      });
      if (ok) hit3++;
      else
        misses.push(
          `${q.id} ${q.q} -> ${hits
            .slice(0, 3)
            .map((h) => `${h.section.path}#${h.section.anchor}`)
            .join(', ')}`,
        );
    }
  }
  const n = questions.length || 1;
  return { n: questions.length, mrr10: rr / n, recall5: recall5 / n, hit3: hit3 / n, misses };
}
