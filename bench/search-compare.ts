import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../src/corpus/load.js';
import { buildIndex, DEFAULT_SEARCH_OPTIONS, prepareTypos, search, type SearchOptions } from '../src/search/engine.js';
import { type EvalQuestion, readEvalFile } from '../src/search/eval.js';
import { loadGlossary } from '../src/search/glossary.js';
import { EVAL_SETS, HELDOUT_SETS, sharedDir } from './search.js';

/*
 * Is a search change better, or only different? One set of 60 questions cannot tell: a question moving
 * from rank 1 to 2 moves its MRR by 0.008, and a set's standard error is about 0.04. This compares each
 * variant with the defaults question by question, pooled over every development set on the Korean and
 * the English pages, and prints the mean difference in reciprocal rank with its standard error, how many
 * questions got better and worse, and each set's change. Session 14 kept a change only when it was
 * ahead by about two standard errors with few questions worse, and /ask did not drop.
 *
 *   npx tsx bench/search-compare.ts '{"notes 0.3": {"noteSupport": 0.3}, "k1 2": {"k1": 2}}' [--glossary FILE]
 *
 * Variants are partial SearchOptions (k1, b and field weights rebuild the index). The unseen sets of
 * record (`*-fresh`, `*-last`, `*-judge`) are left out on purpose: they judge a change once, at the end.
 */

const UNSEEN = /-(fresh|last|judge)$/;

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  const shared = sharedDir(root);
  const args = process.argv.slice(2);
  const glossaryAt = args.indexOf('--glossary');
  const glossaryFile = glossaryAt >= 0 ? (args[glossaryAt + 1] ?? '') : join(root, 'content', 'glossary.yaml');
  const variants = JSON.parse(args.find((a) => a.startsWith('{')) ?? '{}') as Record<string, Partial<SearchOptions>>;
  const sets: [string, EvalQuestion[]][] = [];
  for (const [name, file] of [
    ...EVAL_SETS.map((n) => [n, join(shared, 'eval', `${n}.jsonl`)]),
    ...HELDOUT_SETS.filter((n) => !UNSEEN.test(n)).map((n) => [n, join(root, 'bench', 'eval', `${n}.jsonl`)]),
  ] as [string, string][]) {
    if (existsSync(file)) sets.push([name.replace(/^k8sdocs-/, ''), (await readEvalFile(file)).filter((q) => q.paths)]);
  }
  const glossary = await loadGlossary(glossaryFile);
  for (const lang of ['ko', 'en']) {
    const dir = join(shared, 'corpora', 'kubernetes-docs', lang);
    if (!existsSync(dir)) {
      console.log(`${lang}: skipped (no ${dir})`);
      continue;
    }
    const { sections } = await loadCorpus(dir);
    const ranks = (options: SearchOptions) => {
      const index = buildIndex(sections, glossary, options);
      prepareTypos(index);
      return sets.map(([, questions]) => questions.map((q) => reciprocalRank(search(index, q.q, 10).hits, q.paths ?? [])));
    };
    const base = ranks(DEFAULT_SEARCH_OPTIONS);
    for (const [name, change] of Object.entries(variants)) {
      const options = { ...DEFAULT_SEARCH_OPTIONS, ...change, fieldWeights: { ...DEFAULT_SEARCH_OPTIONS.fieldWeights, ...change.fieldWeights } };
      const diffs = ranks(options).map((set, s) => set.map((rr, q) => rr - (base[s]?.[q] ?? 0)));
      const all = diffs.flat();
      const mean = all.reduce((a, b) => a + b, 0) / all.length;
      const se = Math.sqrt(all.reduce((a, d) => a + (d - mean) ** 2, 0) / (all.length - 1) / all.length);
      const perSet = diffs.map((d, s) => `${sets[s]?.[0]} ${signed(d.reduce((a, b) => a + b, 0) / d.length)}`);
      console.log(
        `${lang} pages, ${name}: ${signed(mean)} ± ${se.toFixed(4)} over ${all.length} questions ` +
          `(${all.filter((d) => d > 0).length} better, ${all.filter((d) => d < 0).length} worse); ${perSet.join(', ')}`,
      );
    }
  }
}

function reciprocalRank(hits: { section: { path: string } }[], paths: string[]): number {
  const at = hits.findIndex((h) => paths.includes(h.section.path));
  return at < 0 ? 0 : 1 / (at + 1);
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

await main();
