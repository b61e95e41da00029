import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBank } from './bank-cli.js';
import { renderReply } from './console/render.js';
import { langFromLocale } from './i18n.js';
import { answerQuestion } from './notes/ask.js';
import { search } from './search/engine.js';
import { buildLibrary, type LibrarySource } from './search/library.js';
import { localStates, readSources } from './sources/read.js';
import { readSourcesFile } from './sources/spec.js';
import { formatBankStats, validateContent } from './validate.js';

/*
 * Command-line tools: `search` (the evaluation contract in SEARCH.md: one JSON
 * line per question on stdin) and `validate` (the content checks CI runs).
 */

const MAX_LINE = 1000;

/** `--content DIR` (one folder) or `--sources FILE` (a NOTES_SOURCES file; git sources synced under `--cache`). */
function librarySource(values: { content: string; glossary: string; sources?: string; cache?: string }): LibrarySource {
  return {
    contentDir: resolve(values.content),
    sources: values.sources ? readSourcesFile(values.sources) : undefined,
    cacheDir: resolve(values.cache ?? process.env.SOURCES_CACHE_DIR ?? 'data/sources'),
    glossaryFile: resolve(values.glossary),
  };
}

/** The options that say which notes to read, shared by `search` and `ask`. */
const LIBRARY_OPTIONS = {
  content: { type: 'string', default: 'content/notes' },
  sources: { type: 'string' },
  cache: { type: 'string' },
  glossary: { type: 'string', default: 'content/glossary.yaml' },
} as const;

function reportSkipped(warnings: { source?: string; path: string; reason: string }[]): void {
  for (const w of warnings) process.stderr.write(`skipped ${w.source ? `${w.source}/` : ''}${w.path}: ${w.reason}\n`);
}

async function runSearch(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...LIBRARY_OPTIONS,
      top: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const top = Math.max(1, Math.min(100, Number.parseInt(values.top, 10) || 10));
  const library = await buildLibrary(librarySource(values));
  reportSkipped(library.corpus.warnings);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    const query = line.trim();
    let out: Record<string, unknown>;
    if (query.length > MAX_LINE) {
      out = { query: query.slice(0, 100), ms: 0, results: [], error: `question longer than ${MAX_LINE} characters` };
    } else {
      const started = performance.now();
      const hits = query ? search(library.index, query, top).hits : [];
      const ms = performance.now() - started;
      out = {
        query,
        ms: Math.round(ms * 1000) / 1000,
        results: hits.map((h) => ({
          path: h.section.path,
          title: h.section.noteTitle,
          heading: h.section.heading,
          anchor: h.section.anchor,
          score: Math.round(h.score * 1000) / 1000,
          text: h.section.text,
        })),
      };
    }
    if (values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else {
      const results = out.results as { path: string; heading: string; score: number }[];
      process.stdout.write(
        `${query}\n${results.map((r, i) => `  ${i + 1}. ${r.path} › ${r.heading} (${r.score})`).join('\n')}\n`,
      );
    }
  }
  return 0;
}

async function runAsk(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...LIBRARY_OPTIONS,
      locale: { type: 'string', default: 'ko' },
      'base-url': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const lang = langFromLocale(values.locale);
  const library = await buildLibrary(librarySource(values));
  reportSkipped(library.corpus.warnings);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    const started = performance.now();
    const { answered, section, reply } = answerQuestion(library, line, lang, values['base-url']);
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    const out = {
      query: line.trim(),
      ms,
      answered,
      section: section ? { path: section.path, heading: section.heading } : null,
      reply,
    };
    process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `${renderReply(reply)}\n\n`);
  }
  return 0;
}

async function runValidate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { content: { type: 'string', default: 'content' }, sources: { type: 'string' }, cache: { type: 'string' } },
  });
  // with --sources: quiz questions may name notes of any source, read from the copies on disk (no sync)
  let sourceNotes: { path: string; headings: string[] }[] | undefined;
  if (values.sources) {
    const specs = readSourcesFile(values.sources);
    const cache = resolve(values.cache ?? process.env.SOURCES_CACHE_DIR ?? 'data/sources');
    const read = await readSources(specs, await localStates(specs, cache));
    reportSkipped(read.warnings);
    sourceNotes = read.notes;
  }
  const report = await validateContent(resolve(values.content), sourceNotes);
  for (const problem of report.problems) console.error(`${problem.file}: ${problem.field}: ${problem.message}`);
  for (const line of formatBankStats(report.bankStats)) console.log(line);
  console.log(
    `${report.notes} notes, ${report.sections} sections, ${report.questions} quiz questions, ` +
      `${report.glossary} glossary entries: ` +
      `${report.problems.length === 0 ? 'all valid' : `${report.problems.length} problems`}`,
  );
  return report.problems.length === 0 ? 0 : 1;
}

const [verb, ...rest] = process.argv.slice(2);
const verbs: Record<string, (a: string[]) => Promise<number>> = {
  search: runSearch,
  ask: runAsk,
  validate: runValidate,
  bank: (args) =>
    runBank(args, {
      out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      env: process.env,
    }),
};
const run = verb ? verbs[verb] : undefined;
if (!run) {
  console.error(
    [
      'usage: npm run cli -- search [--content DIR | --sources FILE] [--top K] [--json] < questions.txt',
      '       npm run cli -- ask [--content DIR | --sources FILE] [--locale ko|en] [--base-url URL] [--json] < questions.txt',
      '       npm run cli -- validate [--content DIR] [--sources FILE]',
      '       npm run cli -- bank import --guild ID [--update] FILE',
      '       npm run cli -- bank export --guild ID --format yaml|csv [FILE]',
      '       (--sources: a NOTES_SOURCES file; git sources are kept under --cache DIR, default data/sources)',
    ].join('\n'),
  );
  process.exitCode = 2;
} else {
  run(rest).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
