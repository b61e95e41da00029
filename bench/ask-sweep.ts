import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { answerQuestion } from '../src/notes/ask.js';
import { answers, DECISION, type Evidence, evidence } from '../src/notes/decide.js';
import { search } from '../src/search/engine.js';
import { buildLibrary } from '../src/search/library.js';

/*
 * The /ask decision sweep: for every question of the given sets, the evidence the decision rests on
 * and whether the answer shown (forced, whatever the decision) holds the expected words; then, for a
 * grid of thresholds, answered-right / false "no match" / off-topic abstained per set.
 *   npx tsx bench/ask-sweep.ts ../shared/eval/ask-dev.jsonl bench/eval/ask-heldout.jsonl [--show]
 */

interface Question {
  id: string;
  q: string;
  expect?: string[][];
  offtopic?: boolean;
}

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const show = process.argv.includes('--show');
const library = await buildLibrary({ contentDir: resolve('content/notes'), glossaryFile: resolve('content/glossary.yaml') });
const norm = (s: string) => s.toLowerCase().replace(/\*\*/g, '').replace(/\\/g, '').replace(/\s+/g, ' ');

interface Row {
  set: string;
  q: Question;
  e: Evidence;
  right: boolean;
}
const rows: Row[] = [];
const saved = { ...DECISION };
for (const file of files) {
  const set = file.split('/').pop() ?? file;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const q = JSON.parse(line) as Question;
    const result = search(library.index, q.q, 4);
    const e = evidence(library.index, result, result.hits[0]);
    Object.assign(DECISION, { minCoverage: 0, minCoverageWithoutConcept: 0, maxUnknownPerMatched: 99, storyMatched: 0 });
    const { reply, answered } = answerQuestion(library, q.q, 'ko');
    Object.assign(DECISION, saved);
    const embed = reply.embeds?.[0];
    const shown = norm(`${embed?.title ?? ''} ${embed?.description ?? ''}`);
    const right = answered && !q.offtopic && (q.expect ?? []).every((alts) => alts.some((a) => shown.includes(norm(a))));
    rows.push({ set, q, e, right });
    if (show) {
      const f = (n: number) => n.toFixed(2);
      console.log(
        [q.offtopic ? 'OFF' : right ? 'ok ' : 'BAD', answers(e) ? 'yes' : 'no', f(e.coverage), `${e.matched}/${e.known}/${e.words}`, e.conceptsMatched, e.unknownContent, q.id, q.q.slice(0, 60)].join('\t'),
      );
    }
  }
}

const grid = [];
for (const minCoverage of [0.2, 0.3, 0.4, 0.5]) {
  for (const minCoverageWithoutConcept of [0.5, 0.6, 0.8, 1.01]) {
    for (const maxUnknownPerMatched of [0.5, 1, 2, 99]) {
      for (const storyMatched of [4, 5, 99]) grid.push({ minCoverage, minCoverageWithoutConcept, maxUnknownPerMatched, storyMatched });
    }
  }
}
console.log('minCoverage\twithoutConcept\tunknownPerMatched\tstoryMatched\tset\tanswered right\tfalse no-match\toff-topic abstained');
for (const d of grid) {
  for (const set of new Set(rows.map((r) => r.set))) {
    const mine = rows.filter((r) => r.set === set);
    const on = mine.filter((r) => !r.q.offtopic);
    const off = mine.filter((r) => r.q.offtopic);
    const right = on.filter((r) => r.right && answers(r.e, d)).length / on.length;
    const falseNo = on.filter((r) => !answers(r.e, d)).length / on.length;
    const abstained = off.filter((r) => !answers(r.e, d)).length / Math.max(1, off.length);
    const cells = [d.minCoverage, d.minCoverageWithoutConcept, d.maxUnknownPerMatched, d.storyMatched, set];
    console.log([...cells, right.toFixed(3), falseNo.toFixed(3), abstained.toFixed(3)].join('\t'));
  }
}
