import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** One multiple-choice question of the bank (content/quizzes/*.yaml). */
export interface Question {
  id: string;
  question: string;
  choices: string[];
  /** index into choices */
  answer: number;
  explanation: string;
  /** the note and heading it comes from: required in content/quizzes, optional in a server's own bank */
  source?: { note: string; section: string };
  tags: string[];
  difficulty: 1 | 2 | 3;
  /** who wrote it (a server's own questions: a Discord user id or a name) */
  author?: string;
  /** the file it came from, for messages */
  file: string;
}

/**
 * What a bank accepts. The shipped bank (content/quizzes) and a server's own bank
 * share one schema; a server's questions are shown in Discord components, so their
 * fields are held to Discord's sizes and the source note is optional.
 */
export interface QuestionRules {
  questionMax: number;
  choiceMax: number;
  explanationMax: number;
  sourceRequired: boolean;
}

export const CONTENT_RULES: QuestionRules = {
  questionMax: 300,
  choiceMax: 200,
  explanationMax: 500,
  sourceRequired: true,
};

export const SERVER_RULES: QuestionRules = {
  questionMax: 300,
  choiceMax: 80,
  explanationMax: 1000,
  sourceRequired: false,
};

/** Something wrong in the bank, precise enough to fix without searching. */
export interface QuizProblem {
  file?: string;
  line?: number;
  /** position in the file's list, from 0 */
  index?: number;
  questionId?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: QuizProblem): string {
  const where = [
    p.file && (p.line ? `${p.file}:${p.line}` : p.file),
    p.index !== undefined && `#${p.index + 1}`,
    p.questionId && `(${p.questionId})`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${where}${p.field ? ` field '${p.field}'` : ''}: ${p.message}`;
}

export const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** ids go into button custom ids (at most 100 characters), so they are short and plain */
const MAX_ID = 64;

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be text'),
};
const text = (max: number) =>
  z.string(required).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

// The YAML is read with the failsafe schema: every scalar is a string, so choices like
// `1.10`, `6443` or `yes` stay exactly as written; numbers are converted here.
const questionSchema = (rules: QuestionRules) => {
  const source = z
    .object({ note: text(200), section: text(300) }, { error: 'must be { note: <file>.md, section: <heading> }' })
    .strict();
  return z
    .object({
      id: z
        .string(required)
        .max(MAX_ID, `must be at most ${MAX_ID} characters`)
        .regex(
          /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
          'must be lowercase letters, digits and single hyphens (e.g. pod-shared-network-1)',
        ),
      question: text(rules.questionMax),
      choices: z
        .array(text(rules.choiceMax), { error: 'must be a list' })
        .min(2, 'needs 2 to 5 choices')
        .max(5, 'needs 2 to 5 choices')
        .refine((c) => new Set(c.map((x) => x.trim())).size === c.length, 'choices must be different from each other'),
      answer: z.string(required).trim().regex(/^[A-E]$/, 'must be one letter A to E'),
      explanation: text(rules.explanationMax),
      source: rules.sourceRequired ? source : source.optional(),
      tags: z.array(text(40), { error: 'must be a list' }).min(1, 'needs at least one tag'),
      difficulty: z
        .string(required)
        .trim()
        .regex(/^[1-3]$/, 'must be 1, 2 or 3')
        .transform((d) => Number(d) as 1 | 2 | 3),
      author: z.string({ error: 'must be text' }).trim().max(100, 'must be at most 100 characters').optional(),
    })
    .strict()
    .superRefine((q, ctx) => {
      if (typeof q.answer !== 'string' || !Array.isArray(q.choices)) return;
      const index = LETTERS.indexOf(q.answer as (typeof LETTERS)[number]);
      if (index >= q.choices.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['answer'],
          message: `${q.answer} is out of range: there are ${q.choices.length} choices`,
        });
      }
    });
};

const schemas = new Map<QuestionRules, ReturnType<typeof questionSchema>>();

/**
 * Checks one question as read from YAML or CSV (every value a string, lists as lists).
 * The one validator of both banks: problems name the field, in the same words.
 */
export function checkQuestion(
  raw: unknown,
  rules: QuestionRules,
  file: string,
): { ok: true; question: Question } | { ok: false; problems: { field?: string; message: string }[] } {
  let schema = schemas.get(rules);
  if (!schema) {
    schema = questionSchema(rules);
    schemas.set(rules, schema);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
        const message =
          issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
        return {
          field,
          message:
            field === undefined && (raw === undefined || typeof raw !== 'object')
              ? 'each item must be a mapping with id, question, choices, ...'
              : message,
        };
      }),
    };
  }
  const q = parsed.data;
  return {
    ok: true,
    question: {
      id: q.id,
      question: q.question,
      choices: q.choices,
      answer: LETTERS.indexOf(q.answer as (typeof LETTERS)[number]),
      explanation: q.explanation,
      ...(q.source ? { source: q.source } : {}),
      tags: q.tags.map((t) => t.toLowerCase()),
      difficulty: q.difficulty,
      ...(q.author ? { author: q.author } : {}),
      file,
    },
  };
}

/** Parses one YAML file's text. Invalid questions are left out and reported. */
export function parseQuizFile(
  file: string,
  source: string,
  rules: QuestionRules = CONTENT_RULES,
): { questions: Question[]; problems: QuizProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { schema: 'failsafe', lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      questions: [],
      problems: doc.errors.map((e) => ({
        file,
        // without prettyErrors the parser gives an offset, not a line
        line: lineCounter.linePos(e.pos[0]).line,
        field: 'yaml',
        message: e.message.split('\n')[0] ?? '',
      })),
    };
  }
  if (!isSeq(doc.contents)) {
    return {
      questions: [],
      problems: [{ file, message: 'the file must be a list of questions (each item starting with "- id:")' }],
    };
  }
  const questions: Question[] = [];
  const problems: QuizProblem[] = [];
  doc.contents.items.forEach((node, index) => {
    const line =
      node && typeof node === 'object' && 'range' in node && node.range
        ? lineCounter.linePos(node.range[0]).line
        : undefined;
    const raw: unknown = isMap(node) ? node.toJSON() : undefined;
    const rawId =
      raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : undefined;
    const checked = checkQuestion(raw, rules, file);
    if (!checked.ok) {
      for (const p of checked.problems) problems.push({ file, line, index, questionId: rawId, ...p });
      return;
    }
    questions.push(checked.question);
  });
  return { questions, problems };
}

/** Every *.yaml / *.yml file in `dir` (sorted), parsed and checked one question at a time. */
export async function loadQuizBank(dir: string): Promise<{ questions: Question[]; problems: QuizProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    return {
      questions: [],
      problems: [{ file: dir, message: `cannot read the quiz folder: ${(err as Error).message}` }],
    };
  }
  const questions: Question[] = [];
  const problems: QuizProblem[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = relative(process.cwd(), path) || path;
    const result = parseQuizFile(file, await readFile(path, 'utf8'));
    questions.push(...result.questions);
    problems.push(...result.problems);
  }
  return { questions, problems };
}

/** Heading text compared loosely: markup and spacing differences are not mistakes. */
export function normalizeHeading(heading: string): string {
  return heading.normalize('NFC').replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Checks across the bank and against the notes: duplicate ids and question
 * texts, a source note that does not exist, a source section that is not a
 * heading of that note. `notes`: paths relative to the notes folder and every heading.
 */
export function validateQuizBank(questions: Question[], notes: { path: string; headings: string[] }[]): QuizProblem[] {
  const problems: QuizProblem[] = [];
  const byPath = new Map(notes.map((n) => [n.path.replace(/\\/g, '/'), new Set(n.headings.map(normalizeHeading))]));
  const ids = new Map<string, Question>();
  const texts = new Map<string, Question>();
  for (const q of questions) {
    const at = { file: q.file, questionId: q.id };
    const sameId = ids.get(q.id);
    if (sameId) problems.push({ ...at, field: 'id', message: `duplicate id, also in ${sameId.file}` });
    else ids.set(q.id, q);
    const textKey = q.question.normalize('NFC').replace(/\s+/g, ' ').trim();
    const sameText = texts.get(textKey);
    if (sameText) {
      problems.push({ ...at, field: 'question', message: `same question text as ${sameText.id} (${sameText.file})` });
    } else texts.set(textKey, q);
    if (!q.source) {
      problems.push({ ...at, field: 'source', message: 'is required' });
      continue;
    }
    const headings = byPath.get(q.source.note.replace(/^\.?\//, ''));
    if (!headings) {
      problems.push({ ...at, field: 'source.note', message: `note ${q.source.note} not found in the notes folder` });
    } else if (!headings.has(normalizeHeading(q.source.section))) {
      problems.push({
        ...at,
        field: 'source.section',
        message: `no heading "${q.source.section}" in ${q.source.note}`,
      });
    }
  }
  return problems;
}

/** The questions in play, by id: the first of duplicate ids wins. Replaced whole on a reload. */
export class QuestionBank {
  private byId = new Map<string, Question>();
  private sortedIds: string[] = [];

  constructor(questions: Question[] = []) {
    this.set(questions);
  }

  set(questions: Question[]): void {
    const byId = new Map<string, Question>();
    for (const q of questions) if (!byId.has(q.id)) byId.set(q.id, q);
    this.byId = byId;
    this.sortedIds = [...byId.keys()].sort();
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): IterableIterator<Question> {
    return this.byId.values();
  }

  ids(): readonly string[] {
    return this.sortedIds;
  }

  tags(): string[] {
    const tags = new Set<string>();
    for (const q of this.byId.values()) for (const tag of q.tags) tags.add(tag);
    return [...tags].sort();
  }
}
