import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { stringify as stringifyYaml } from 'yaml';
import { checkQuestion, LETTERS, parseQuizFile, type Question, SERVER_RULES } from './bank.js';

/*
 * A server's own bank as files: YAML in the content format (content/quizzes) and
 * CSV for spreadsheets. Pure functions over text: `/quiz import`, `/quiz export`
 * and the operators' command line all go through them.
 */

/** a server keeps at most this many questions of its own */
export const MAX_SERVER_QUESTIONS = 2000;
/** an imported file is at most this big */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export const CSV_COLUMNS = [
  'id',
  'question',
  'choice_a',
  'choice_b',
  'choice_c',
  'choice_d',
  'choice_e',
  'answer',
  'explanation',
  'tags',
  'difficulty',
  'source',
] as const;
const CHOICE_COLUMNS = CSV_COLUMNS.slice(2, 7);
const REQUIRED_COLUMNS = ['id', 'question', 'choice_a', 'choice_b', 'answer', 'explanation', 'tags', 'difficulty'];

export type BankFormat = 'yaml' | 'csv';

/** The questions of a file, or every problem in it as `line N: field: reason` (nothing is taken from a bad file). */
export type ParsedBankFile = { ok: true; questions: Question[]; lines: number[] } | { ok: false; problems: string[] };

const problemLine = (line: number | undefined, field: string | undefined, message: string) =>
  `${line === undefined ? 'file' : `line ${line}`}: ${field ?? 'question'}: ${message}`;

/** Which format a file is in, from its name (an attachment, a path) or else its first line. */
export function detectFormat(name: string, text: string): BankFormat {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return /^\uFEFF?id,/.test(text) ? 'csv' : 'yaml';
}

export function parseBankFile(format: BankFormat, text: string, file = 'import'): ParsedBankFile {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) {
    return { ok: false, problems: [problemLine(undefined, 'size', 'the file is larger than 1 MB')] };
  }
  const parsed = format === 'csv' ? parseBankCsv(text, file) : parseBankYaml(text, file);
  if (!parsed.ok) return parsed;
  // ids must be unique within the file too: which one was meant is not ours to guess
  const firstLine = new Map<string, number>();
  const problems: string[] = [];
  parsed.questions.forEach((q, i) => {
    const seen = firstLine.get(q.id);
    if (seen !== undefined) problems.push(problemLine(parsed.lines[i], 'id', `${q.id} is also on line ${seen}`));
    else firstLine.set(q.id, parsed.lines[i]!);
  });
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

function parseBankYaml(text: string, file: string): ParsedBankFile {
  const { questions, problems } = parseQuizFile(file, text.replace(/^\uFEFF/, ''), SERVER_RULES);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => problemLine(p.line, p.field, p.message)) };
  // parseQuizFile keeps no line per question; the ids are found again in one pass over the lines
  const idLines = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const id = /^\s*-?\s*id:\s*["']?([a-z0-9-]+)["']?\s*(?:#.*)?$/.exec(line)?.[1];
    if (id && !idLines.has(id)) idLines.set(id, i + 1);
  });
  return { ok: true, questions, lines: questions.map((q) => idLines.get(q.id) ?? 0) };
}

/** CSV field names for the schema's paths: `choices.2` is column choice_c, `source.note` is source. */
function csvField(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const choice = /^choices\.(\d)$/.exec(path);
  if (choice) return CHOICE_COLUMNS[Number(choice[1])] ?? path;
  if (path === 'choices') return 'choice_a..choice_e';
  if (path.startsWith('source')) return 'source';
  if (path.startsWith('tags')) return 'tags';
  return path;
}

function parseBankCsv(text: string, file: string): ParsedBankFile {
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      raw: true,
      skip_empty_lines: true,
    }) as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, problems: [problemLine(e.lines, 'csv', e.message.replace(/ on line \d+$/, ''))] };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((c) => c.trim().toLowerCase());
  const problems: string[] = [];
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push(problemLine(1, 'header', `unknown column(s) ${unknown.join(', ')}`));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push(problemLine(1, 'header', `missing column(s) ${missing.join(', ')}`));
  if (problems.length > 0) return { ok: false, problems };

  const questions: Question[] = [];
  const lines: number[] = [];
  for (const { record, info, raw } of records) {
    // the record's first line: where it ends, less the line breaks inside it
    const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = info.lines - (body.match(/\n/g)?.length ?? 0);
    const cell = (name: string) => record[name] ?? '';
    const filled = CHOICE_COLUMNS.map((c) => cell(c).trim());
    const lastFilled = filled.reduce((last, c, i) => (c ? i : last), -1);
    const gap = filled.findIndex((c, i) => !c && i < lastFilled);
    // reported, and the rest of the row is still checked: every problem of a file at once
    if (gap !== -1) problems.push(problemLine(line, CHOICE_COLUMNS[gap], 'is empty but a later choice is filled'));
    const source = cell('source').trim();
    const hash = source.indexOf('#');
    const row = {
      id: cell('id').trim(),
      question: cell('question'),
      choices: filled.filter(Boolean),
      answer: cell('answer').trim().toUpperCase(),
      explanation: cell('explanation'),
      tags: cell('tags')
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean),
      difficulty: cell('difficulty').trim(),
      ...(source
        ? {
            source:
              hash > 0
                ? { note: source.slice(0, hash).trim(), section: source.slice(hash + 1).trim() }
                : { note: source, section: '' },
          }
        : {}),
    };
    const checked = checkQuestion(row, SERVER_RULES, file);
    if (!checked.ok) {
      for (const p of checked.problems) {
        const field = csvField(p.field);
        const message = field === 'source' && hash <= 0 ? 'must be <note>.md#<heading>' : p.message;
        problems.push(problemLine(line, field, message));
      }
    }
    if (!checked.ok || gap !== -1) continue;
    questions.push(checked.question);
    lines.push(line);
  }
  // one message per field is enough: a missing section can fail twice (shape and emptiness)
  return problems.length > 0 ? { ok: false, problems: [...new Set(problems)] } : { ok: true, questions, lines };
}

/** The questions as YAML in the content format (answer as a letter). */
export function exportYaml(questions: readonly Question[]): string {
  if (questions.length === 0) return '[]\n';
  return stringifyYaml(
    questions.map((q) => ({
      id: q.id,
      question: q.question,
      choices: q.choices,
      answer: LETTERS[q.answer],
      explanation: q.explanation,
      ...(q.source ? { source: { note: q.source.note, section: q.source.section } } : {}),
      tags: q.tags,
      difficulty: q.difficulty,
      ...(q.author ? { author: q.author } : {}),
    })),
    { lineWidth: 0 },
  );
}

/** The questions as CSV (RFC 4180, UTF-8 without BOM, a header row). The author is not a CSV column. */
export function exportCsv(questions: readonly Question[]): string {
  return stringifyCsv(
    questions.map((q) => [
      q.id,
      q.question,
      ...CHOICE_COLUMNS.map((_, i) => q.choices[i] ?? ''),
      LETTERS[q.answer],
      q.explanation,
      q.tags.join(';'),
      String(q.difficulty),
      q.source ? `${q.source.note}#${q.source.section}` : '',
    ]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}

export function exportBank(format: BankFormat, questions: readonly Question[]): string {
  return format === 'csv' ? exportCsv(questions) : exportYaml(questions);
}

/** What an import would do to a bank: the next bank, or every reason it is refused (then nothing changes). */
export type ImportPlan =
  | { ok: true; questions: Question[]; added: number; updated: number }
  | { ok: false; problems: string[] };

/**
 * Merges imported questions into a bank: new ids are added at the end, ids already there
 * replace their question only with `update` (else each is reported), and the result must
 * stay within MAX_SERVER_QUESTIONS.
 */
export function planImport(
  current: readonly Question[],
  file: Extract<ParsedBankFile, { ok: true }>,
  options: { update: boolean; author?: string },
): ImportPlan {
  const existing = new Map(current.map((q, i) => [q.id, i]));
  const problems: string[] = [];
  const next = [...current];
  let added = 0;
  let updated = 0;
  file.questions.forEach((q, i) => {
    const incoming = q.author || !options.author ? q : { ...q, author: options.author };
    const at = existing.get(q.id);
    if (at === undefined) {
      next.push(incoming);
      added += 1;
    } else if (options.update) {
      next[at] = incoming;
      updated += 1;
    } else {
      problems.push(problemLine(file.lines[i], 'id', `${q.id} is already in this server's bank; import with update (--update) to replace it`));
    }
  });
  if (next.length > MAX_SERVER_QUESTIONS) {
    problems.push(
      problemLine(
        undefined,
        'questions',
        `the bank would hold ${next.length} questions; a server keeps at most ${MAX_SERVER_QUESTIONS}`,
      ),
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, questions: next, added, updated };
}
