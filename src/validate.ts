import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCorpus } from './corpus/load.js';
import { loadQuizBank, validateQuizBank } from './quiz/bank.js';
import { parseGlossary } from './search/glossary.js';

export interface ContentProblem {
  file: string;
  field: string;
  message: string;
}

export interface ContentReport {
  notes: number;
  sections: number;
  questions: number;
  glossary: number;
  problems: ContentProblem[];
}

/** Checks the content folder (notes/, quizzes/, glossary.yaml): every problem names the file and the field. */
export async function validateContent(dir: string): Promise<ContentReport> {
  const problems: ContentProblem[] = [];
  const corpus = await loadCorpus(join(dir, 'notes'));
  for (const w of corpus.warnings) problems.push({ file: `notes/${w.path}`, field: '(file)', message: w.reason });
  for (const note of corpus.notes) {
    const file = `notes/${note.path}`;
    if (!note.title || note.title === note.path.replace(/\.md$/, '')) problems.push({ file, field: 'title', message: 'missing title in front matter' });
    if (note.headings.length === 0) problems.push({ file, field: 'sections', message: 'no ## headings: a note needs at least one section' });
    const seen = new Set<string>();
    for (const heading of note.headings) {
      if (seen.has(heading)) problems.push({ file, field: 'headings', message: `heading "${heading}" appears twice` });
      seen.add(heading);
    }
  }
  let glossary = 0;
  try {
    const parsed = parseGlossary(await readFile(join(dir, 'glossary.yaml'), 'utf8'));
    glossary = parsed.entries.length;
    for (const p of parsed.problems) problems.push({ file: 'glossary.yaml', field: `[${p.index}].${p.field}`, message: p.message });
  } catch (error) {
    problems.push({ file: 'glossary.yaml', field: '(file)', message: error instanceof Error ? error.message : String(error) });
  }
  const bank = await loadQuizBank(join(dir, 'quizzes'));
  for (const p of [...bank.problems, ...validateQuizBank(bank.questions, corpus.notes)]) {
    const where = [p.line ? `line ${p.line}` : '', p.index !== undefined ? `#${p.index + 1}` : '', p.questionId ? `(${p.questionId})` : ''].filter(Boolean).join(' ');
    problems.push({ file: `quizzes/${(p.file ?? '').split('/').pop()}`, field: `${where ? `${where} ` : ''}${p.field ?? '(question)'}`, message: p.message });
  }
  return { notes: corpus.notes.length, sections: corpus.sections.length, questions: bank.questions.length, glossary, problems };
}
