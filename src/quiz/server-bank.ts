import type { QuizStore } from '../store/quiz-store.js';
import {
  type BankFormat,
  detectFormat,
  exportBank,
  MAX_IMPORT_BYTES,
  parseBankFile,
  planImport,
} from './bank-files.js';
import { toStored } from './guild-bank.js';

/** What an import did, or why nothing was imported. */
export type ImportResult =
  | { ok: true; added: number; updated: number; total: number }
  | { ok: false; problems: string[] };

/**
 * Imports a YAML or CSV file into a server's own bank: all or nothing. Every problem is
 * listed (`line N: field: reason`) and the bank is left as it was; else the whole new bank
 * is written at once. The same function serves `/quiz import` and the command line.
 */
export async function importIntoBank(
  store: QuizStore,
  guildId: string,
  file: { name: string; text: string },
  options: { update: boolean; author?: string },
): Promise<ImportResult> {
  if (Buffer.byteLength(file.text, 'utf8') > MAX_IMPORT_BYTES) {
    return { ok: false, problems: ['file: size: the file is larger than 1 MB'] };
  }
  const parsed = parseBankFile(detectFormat(file.name, file.text), file.text, file.name);
  if (!parsed.ok) return parsed;
  let result: ImportResult = { ok: false, problems: [] };
  await store.updateBank(guildId, (bank) => {
    const plan = planImport(
      bank.questions.map((q) => ({ ...q, file: 'server' })),
      parsed,
      options,
    );
    if (!plan.ok) {
      result = plan;
      return null;
    }
    result = { ok: true, added: plan.added, updated: plan.updated, total: plan.questions.length };
    return { ...bank, questions: plan.questions.map(toStored) };
  });
  return result;
}

/** The server's own bank as a file (the content format, or CSV). */
export function exportFromBank(store: QuizStore, guildId: string, format: BankFormat): string {
  return exportBank(format, store.bank(guildId).questions.map((q) => ({ ...q, file: 'server' })));
}
