import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { z } from 'zod';
import { analyzeWords, normalize, stemEnglish, stripKorean, type Word } from './analyze.js';

/*
 * The Korean <-> English glossary: each entry lists the spellings of one
 * concept in both languages (파드 / pod / pods). A question word found in an
 * entry brings in the entry's other spellings, so 파드 finds notes that say
 * Pod and the reverse.
 */

const entrySchema = z.object({
  ko: z.array(z.string().trim().min(1)).min(1),
  en: z.array(z.string().trim().min(1)).min(1),
  /**
   * an ordinary word (목록 / list), not a Kubernetes concept: it bridges the two languages in search
   * but is no evidence that a question is about the notes
   */
  general: z.boolean().optional(),
});
export const glossarySchema = z.array(entrySchema);
export type GlossaryEntry = z.infer<typeof entrySchema>;

export interface Glossary {
  entries: GlossaryEntry[];
  /** lookup key (Korean stem without spaces, or stemmed English words joined by spaces) -> entry indexes */
  byKey: Map<string, number[]>;
  /** keys of concept entries (not `general` words): what the notes are about */
  conceptKeys: Set<string>;
  /** longest English key in words, to bound n-gram lookups */
  maxWords: number;
  /** each spelling's words, analysed the first time a question expands to it */
  analysed: Map<string, Word[]>;
  /** per entry, the spellings a Korean word (0) and an English word (1) expand to, listed on first use */
  expansions: Map<number, [string[], string[]]>;
}

/** A glossary spelling's words (analysed once: every question that names the concept expands to it). */
export function spellingWords(glossary: Glossary, spelling: string): Word[] {
  let words = glossary.analysed.get(spelling);
  if (!words) {
    words = analyzeWords(spelling);
    glossary.analysed.set(spelling, words);
  }
  return words;
}

/** The lookup key of one spelling: what a question word (or words) will be reduced to. */
export function glossaryKey(spelling: string): string {
  const text = normalize(spelling).trim();
  if (/[\uac00-\ud7a3]/.test(text)) return stripKorean(text.replace(/\s+/g, ''));
  return text
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => stemEnglish(w))
    .join(' ');
}

export function buildGlossary(entries: GlossaryEntry[]): Glossary {
  const byKey = new Map<string, number[]>();
  const conceptKeys = new Set<string>();
  let maxWords = 1;
  entries.forEach((entry, i) => {
    for (const spelling of [...entry.ko, ...entry.en]) {
      const key = glossaryKey(spelling);
      if (!key) continue;
      if (!entry.general) conceptKeys.add(key);
      maxWords = Math.max(maxWords, key.split(' ').length);
      const list = byKey.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      byKey.set(key, list);
    }
  });
  return { entries, byKey, conceptKeys, maxWords, analysed: new Map(), expansions: new Map() };
}

export interface GlossaryProblem {
  index: number;
  field: string;
  message: string;
}

/** Parses glossary YAML; problems name the entry index and field. */
export function parseGlossary(source: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const data: unknown = YAML.parse(source);
  const result = glossarySchema.safeParse(data ?? []);
  if (!result.success) {
    return {
      entries: [],
      problems: result.error.issues.map((issue) => ({
        index: typeof issue.path[0] === 'number' ? issue.path[0] : -1,
        field: issue.path.slice(1).join('.') || '(entry)',
        message: issue.message,
      })),
    };
  }
  const problems: GlossaryProblem[] = [];
  const seen = new Map<string, number>();
  result.data.forEach((entry, index) => {
    for (const [field, list] of [['ko', entry.ko] as const, ['en', entry.en] as const]) {
      for (const spelling of list) {
        const key = `${field}:${glossaryKey(spelling)}`;
        const first = seen.get(key);
        if (first !== undefined && first !== index) {
          problems.push({ index, field, message: `"${spelling}" is already in entry ${first}` });
        }
        seen.set(key, index);
      }
    }
  });
  return { entries: result.data, problems };
}

/** Reads the glossary; every error names the file (a missing file is an error: search would quietly lose 파드 = Pod). */
export async function loadGlossary(file: string): Promise<Glossary> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`glossary file "${file}" does not exist`);
    throw new Error(`glossary file "${file}": ${(error as Error).message}`);
  }
  let parsed: ReturnType<typeof parseGlossary>;
  try {
    parsed = parseGlossary(source);
  } catch (error) {
    throw new Error(`glossary file "${file}" is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const { entries, problems } = parsed;
  if (problems.length > 0 && entries.length === 0) {
    const p = problems[0];
    throw new Error(`glossary file "${file}": entry ${p?.index} field ${p?.field}: ${p?.message}`);
  }
  return buildGlossary(entries);
}

/** How many trailing syllables of a Korean word may be an ending after a glossary word. */
const ENDING = 2;

/** A compound without its space (디플로이먼트전략) whose two halves are glossary words: both are added. */
function splitCompound(glossary: Glossary, key: string, add: (key: string) => void): boolean {
  for (let cut = 2; cut <= key.length - 2; cut++) {
    const head = key.slice(0, cut);
    const tail = key.slice(cut);
    if (glossary.byKey.has(head) && glossary.byKey.has(tail)) {
      add(head);
      add(tail);
      return true;
    }
  }
  return false;
}

/** The other spellings of every glossary concept the question mentions, as words to add to the query. */
export function expand(
  glossary: Glossary,
  words: { key: string; korean: boolean }[],
): { source: number; spellings: string[]; general: boolean }[] {
  if (glossary.entries.length === 0) return [];
  const found: { source: number; spellings: string[]; general: boolean }[] = [];
  const used = new Set<number>();
  const add = (source: number, key: string, korean: boolean) => {
    for (const i of glossary.byKey.get(key) ?? []) {
      if (used.has(i)) continue;
      used.add(i);
      const entry = glossary.entries[i];
      if (!entry) continue;
      let both = glossary.expansions.get(i);
      if (!both) {
        // kubectl short names (po, rs, ds) help as typed words but are noise as expansions: they fill command listings
        const all = [...entry.ko, ...entry.en.filter((e) => e.length > 2)];
        // an ordinary word only crosses languages: its English forms are near-synonyms (check, verify), not one name
        both = [all, entry.general ? entry.ko : all];
        glossary.expansions.set(i, both);
      }
      found.push({ source, spellings: both[korean ? 0 : 1], general: entry.general === true });
    }
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    if (word.korean) {
      // the word, the word joined with the next (서비스 어카운트), or a compound's two halves (디플로이먼트전략)
      const next = words[i + 1];
      if (next?.korean && glossary.byKey.has(word.key + next.key)) add(i, word.key + next.key, true);
      if (glossary.byKey.has(word.key)) add(i, word.key, true);
      else if (!splitCompound(glossary, word.key, (key) => add(i, key, true))) {
        // a glossary word with an ending the particle list lacks (삭제되면, 지정할, 인증서로만): its longest
        // known head, when at most ENDING syllables follow
        for (let cut = word.key.length - 1; cut >= Math.max(2, word.key.length - ENDING); cut--) {
          const head = word.key.slice(0, cut);
          if (glossary.byKey.has(head)) {
            add(i, head, true);
            break;
          }
        }
      }
    } else {
      for (let n = Math.min(glossary.maxWords, words.length - i); n >= 1; n--) {
        const span = words.slice(i, i + n);
        if (span.some((w) => w.korean)) continue;
        const key = span.map((w) => w.key).join(' ');
        if (glossary.byKey.has(key)) add(i, key, false);
      }
    }
  }
  return found;
}
