/*
 * Ordinary English words of the docs and the Korean the docs use for them, in two steps with a
 * review between them (the glossary holds facts, so a person or a reviewer decides each pair):
 *
 *   candidates  every English word on at least --min-pages English pages that the glossary lacks,
 *               with the Korean words (particles cut) that co-occur with it on the Korean page of
 *               the same path, best Dice coefficient first: `word<TAB>pages<TAB>ko:dice(count) ...`
 *   merge       reviewed pairs, one per line `english forms, comma-separated<TAB>korean spellings`,
 *               into the glossary as `general: true` entries. A pair whose Korean spellings are all
 *               one general entry's adds its English forms there; otherwise the spellings no entry
 *               has yet become a new entry (a spelling already in an entry, concepts such as
 *               파드 = Pod included, stays where it is).
 *
 * usage: npx tsx scripts/glossary-word-pairs.ts candidates [--docs DIR] [--glossary FILE] [--min-pages N]
 *        npx tsx scripts/glossary-word-pairs.ts merge [--glossary FILE] PAIRS.tsv...
 * Co-occurrence over parallel pages only proposes: "curl" co-occurs with 통신 without meaning it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.js';
import type { Note } from '../src/corpus/types.js';
import { analyzeWords } from '../src/search/analyze.js';
import { glossaryKey, parseGlossary } from '../src/search/glossary.js';

const HEADER =
  '# General vocabulary, English side first (general: true): frequent words of the English docs with the Korean the\n' +
  '# same-path Korean pages use; proposed by co-occurrence on parallel pages (scripts/glossary-word-pairs.ts), each\n' +
  '# pair reviewed and its Korean spelling checked on the Korean pages.\n';

const pageText = (note: Note) => note.sections.map((s) => [note.title, ...s.headingPath, s.text].join(' ')).join(' ');
const englishWords = (text: string) => text.toLowerCase().match(/\b[a-z]{3,}\b/g) ?? [];

async function candidates(docs: string, glossaryFile: string, minPages: number): Promise<string[]> {
  const [en, ko, glossary] = await Promise.all([
    loadCorpus(join(docs, 'en')),
    loadCorpus(join(docs, 'ko')),
    readFile(glossaryFile, 'utf8').then(parseGlossary),
  ]);
  const known = new Set(glossary.entries.flatMap((e) => e.en.map(glossaryKey)));
  const koreanPage = new Map(ko.notes.map((n) => [n.path, n]));
  const pages: { english: Set<string>; korean: Set<string> }[] = [];
  for (const note of en.notes) {
    const korean = koreanPage.get(note.path);
    if (!korean) continue;
    const english = new Set(
      englishWords(pageText(note))
        .filter((w) => analyzeWords(w, true).length > 0)
        .map(glossaryKey)
        .filter((k) => !known.has(k)),
    );
    const koreanKeys = new Set(analyzeWords(pageText(korean)).filter((w) => w.korean && w.key.length >= 2).map((w) => w.key));
    pages.push({ english, korean: koreanKeys });
  }
  const count = <T>(sets: Iterable<Set<T>>) => {
    const counts = new Map<T, number>();
    for (const set of sets) for (const x of set) counts.set(x, (counts.get(x) ?? 0) + 1);
    return counts;
  };
  const englishPages = count(pages.map((p) => p.english));
  const koreanPages = count(pages.map((p) => p.korean));
  const wanted = new Set([...englishPages].filter(([, n]) => n >= minPages).map(([w]) => w));
  const together = new Map<string, Map<string, number>>();
  for (const page of pages) {
    for (const word of page.english) {
      if (!wanted.has(word)) continue;
      const row = together.get(word) ?? new Map<string, number>();
      for (const k of page.korean) row.set(k, (row.get(k) ?? 0) + 1);
      together.set(word, row);
    }
  }
  return [...together]
    .sort((a, b) => (englishPages.get(b[0]) ?? 0) - (englishPages.get(a[0]) ?? 0))
    .map(([word, row]) => {
      const pagesOf = englishPages.get(word) ?? 0;
      const best = [...row]
        .map(([k, both]) => ({ k, both, dice: (2 * both) / (pagesOf + (koreanPages.get(k) ?? 0)) }))
        .sort((a, b) => b.dice - a.dice)
        .slice(0, 4);
      return `${word}\t${pagesOf}\t${best.map((c) => `${c.k}:${c.dice.toFixed(2)}(${c.both})`).join(' ')}`;
    });
}

interface Addition {
  en: string[];
  ko: string[];
}

/** Adds reviewed pairs to the glossary text; returns the new text and what was done. */
export function mergePairs(source: string, pairLines: string[]) {
  const { entries, problems } = parseGlossary(source);
  if (problems.length > 0) throw new Error(`the glossary has problems already: ${problems[0]?.message}`);
  const owner = { ko: new Map<string, number>(), en: new Map<string, number>() };
  entries.forEach((e, i) => {
    for (const s of e.ko) owner.ko.set(glossaryKey(s), i);
    for (const s of e.en) owner.en.set(glossaryKey(s), i);
  });
  const extended = new Map<number, Addition>();
  const added: Addition[] = [];
  const stats = { pairs: 0, newEntries: 0, extendedEntries: 0, leftAlone: 0 };
  for (const line of pairLines) {
    if (!line.trim()) continue;
    const [enPart = '', koPart = ''] = line.split('\t');
    const list = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
    const pair = { en: list(enPart.toLowerCase()), ko: list(koPart) };
    if (pair.en.length === 0 || pair.ko.length === 0) throw new Error(`not a pair: "${line}"`);
    stats.pairs++;
    const index = (lang: 'en' | 'ko', spelling: string) => owner[lang].get(glossaryKey(spelling));
    const general = (i: number) => i >= entries.length || entries[i]?.general === true;
    const homes = new Set(pair.ko.map((s) => index('ko', s)));
    const home = homes.size === 1 ? [...homes][0] : undefined;
    if (home !== undefined && general(home)) {
      // every Korean spelling is already one general entry's: the English forms (inflections, mostly) join it
      const into = home < entries.length ? (extended.get(home) ?? { en: [], ko: [] }) : added[home - entries.length];
      for (const s of pair.en.filter((e) => index('en', e) === undefined)) {
        owner.en.set(glossaryKey(s), home);
        into?.en.push(s);
      }
      if (home < entries.length && into) extended.set(home, into);
      continue;
    }
    // otherwise a new entry of the spellings no entry has yet: joining entries through one shared word
    // would chain meanings (occur and cause both say 발생)
    const fresh = {
      en: pair.en.filter((s) => index('en', s) === undefined),
      ko: pair.ko.filter((s) => index('ko', s) === undefined),
    };
    if (fresh.en.length === 0 || fresh.ko.length === 0) {
      stats.leftAlone++;
      continue;
    }
    for (const lang of ['en', 'ko'] as const) for (const s of fresh[lang]) owner[lang].set(glossaryKey(s), entries.length + added.length);
    added.push(fresh);
    stats.newEntries++;
  }
  stats.extendedEntries = [...extended.values()].filter((a) => a.en.length > 0).length;

  // extended entries get their new spellings after the last spelling of the same language
  const lines = source.split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('- ') ? [i] : []));
  if (starts.length !== entries.length) throw new Error('merge expects one "- " line per glossary entry');
  const after = new Map<number, string[]>();
  for (const [i, add] of extended) {
    const end = starts[i + 1] ?? lines.length;
    for (const lang of ['en', 'ko'] as const) {
      if (add[lang].length === 0) continue;
      let field = '';
      let last = -1;
      for (let at = starts[i] as number; at < end; at++) {
        const key = /^ {2}(en|ko):/.exec(lines[at] as string);
        if (key) field = key[1] as string;
        else if (/^ {4}- /.test(lines[at] as string) && field === lang) last = at;
      }
      if (last < 0) throw new Error(`entry ${i} has no block list of ${lang} spellings`);
      after.set(last, [...(after.get(last) ?? []), ...add[lang].map((s) => `    - ${s}`)]);
    }
  }
  let text = `${lines.flatMap((l, i) => [l, ...(after.get(i) ?? [])]).join('\n').replace(/\n*$/, '')}\n`;
  if (added.length > 0) {
    if (!text.includes(HEADER)) text += HEADER;
    for (const a of added) text += `- general: true\n  ko:\n${a.ko.map((s) => `    - ${s}\n`).join('')}  en:\n${a.en.map((s) => `    - ${s}\n`).join('')}`;
  }
  const check = parseGlossary(text);
  if (check.problems.length > 0) throw new Error(`merge would break the glossary: ${check.problems[0]?.message}`);
  return { text, stats };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      docs: { type: 'string', default: join(import.meta.dirname, '..', '..', 'shared', 'corpora', 'kubernetes-docs') },
      glossary: { type: 'string', default: join(import.meta.dirname, '..', 'content', 'glossary.yaml') },
      'min-pages': { type: 'string', default: '6' },
    },
  });
  const [command, ...files] = positionals;
  if (command === 'candidates') {
    console.log((await candidates(values.docs, values.glossary, Number(values['min-pages']))).join('\n'));
  } else if (command === 'merge' && files.length > 0) {
    const lines = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).flatMap((t) => t.split('\n'));
    const { text, stats } = mergePairs(await readFile(values.glossary, 'utf8'), lines);
    await writeFile(values.glossary, text);
    console.log(JSON.stringify(stats));
  } else {
    console.error('usage: glossary-word-pairs.ts candidates [--docs DIR] [--min-pages N] | merge PAIRS.tsv...');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
