import { existsSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { loadCorpus, parseNote } from '../src/corpus/load.js';
import { inlineToText } from '../src/corpus/markdown.js';
import type { Section } from '../src/corpus/types.js';
import { buildIndex, search } from '../src/search/engine.js';
import { evaluate, type EvalQuestion, readEvalFile } from '../src/search/eval.js';
import { loadGlossary } from '../src/search/glossary.js';
import { hostileLines } from '../tests/fixtures/hostile-lines.js';

/*
 * Search benchmark: our index and MiniSearch (defaults, and prefix + fuzzy 0.2)
 * on the same sections in the same run, so the comparison is a ratio.
 */

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Deterministic queries: the evaluation questions plus headings of every 7th section. */
function queriesFor(sections: Section[], questions: EvalQuestion[]): string[] {
  const fromHeadings = sections.filter((_, i) => i % 7 === 0).map((s) => s.heading).slice(0, 300);
  return [...questions.map((q) => q.q), ...fromHeadings];
}

function time(queries: string[], run: (q: string) => unknown) {
  for (const q of queries) run(q); // warm-up: the JIT, and the first touch of every posting list
  const ms: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    run(q);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
}

/** MRR@10 for a MiniSearch index, by page path. */
function miniMrr(mini: MiniSearch, sections: Section[], questions: EvalQuestion[], options: object): number {
  let rr = 0;
  for (const q of questions) {
    const paths = [...new Set(mini.search(q.q, options).map((r) => sections[r.id as number]?.path))].slice(0, 10);
    const rank = paths.findIndex((p) => p && q.paths?.includes(p));
    rr += rank >= 0 ? 1 / (rank + 1) : 0;
  }
  return rr / (questions.length || 1);
}

export async function benchSearch(root: string): Promise<Record<string, string | number>[]> {
  const glossary = await loadGlossary(join(root, 'content', 'glossary.yaml'));
  const shared = join(root, '..', 'shared');
  const evalFile = join(shared, 'eval', 'k8sdocs-ko-dev.jsonl');
  const questions = existsSync(evalFile) ? await readEvalFile(evalFile) : [];
  const corpora: [string, string, EvalQuestion[]][] = [['content/notes', join(root, 'content', 'notes'), []]];
  for (const lang of ['ko', 'en']) {
    const dir = join(shared, 'corpora', 'kubernetes-docs', lang);
    if (existsSync(dir)) corpora.push([`kubernetes-docs/${lang}`, dir, questions]);
  }
  const rows: Record<string, string | number>[] = [];
  for (const [name, dir, qs] of corpora) {
    const corpus = await loadCorpus(dir);
    const queries = queriesFor(corpus.sections, qs);
    const fmt = (n: number) => Math.round(n * 1000) / 1000;

    let before = heapMB();
    let start = performance.now();
    const index = buildIndex(corpus.sections, glossary);
    const buildMs = performance.now() - start;
    const heap = heapMB() - before;
    const ours = time(queries, (q) => search(index, q, 10));
    rows.push({
      corpus: name, engine: 'ours (BM25F + glossary)', pages: corpus.notes.length, sections: corpus.sections.length,
      buildMs: fmt(buildMs), p50: fmt(ours.p50), p95: fmt(ours.p95), p99: fmt(ours.p99), heapMB: fmt(heap),
      mrr10: qs.length ? fmt(evaluate(index, qs).mrr10) : '-',
    });

    for (const [label, options] of [['MiniSearch default', {}], ['MiniSearch prefix+fuzzy', { prefix: true, fuzzy: 0.2 }]] as const) {
      before = heapMB();
      start = performance.now();
      const mini = new MiniSearch({ fields: ['title', 'heading', 'text'], idField: 'id' });
      mini.addAll(corpus.sections.map((s, id) => ({ id, title: s.noteTitle, heading: s.headingPath.join(' '), text: s.text })));
      const miniBuild = performance.now() - start;
      const miniHeap = heapMB() - before;
      const t = time(queries, (q) => mini.search(q, options));
      rows.push({
        corpus: name, engine: label, pages: corpus.notes.length, sections: corpus.sections.length,
        buildMs: fmt(miniBuild), p50: fmt(t.p50), p95: fmt(t.p95), p99: fmt(t.p99), heapMB: fmt(miniHeap),
        mrr10: qs.length ? fmt(miniMrr(mini, corpus.sections, qs, options)) : '-',
      });
    }
  }
  return rows;
}

/**
 * One note made of a 1 MB line of each pattern that used to take minutes (issue 12): loading it
 * (the line cap applies), and the inline-markup patterns run over the whole line (no cap).
 */
export function benchHostileLines(size = 1_000_000): Record<string, string | number>[] {
  return Object.entries(hostileLines(size)).map(([pattern, line]) => {
    const raw = Buffer.from(`---\ntitle: t\n---\n${line}\n`);
    const start = performance.now();
    const note = parseNote('hostile.md', raw);
    const loadMs = performance.now() - start;
    const inlineStart = performance.now();
    inlineToText(line);
    const inlineMs = performance.now() - inlineStart;
    const fmt = (n: number) => Math.round(n * 10) / 10;
    const sections = note.sections.length;
    return { pattern, chars: line.length, sections, loadMs: fmt(loadMs), inlineMs: fmt(inlineMs) };
  });
}
