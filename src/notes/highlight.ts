import { normalize, stemEnglish, SUFFIXES } from '../search/analyze.js';
import { escapeMarkdown, type Marker } from './markdown.js';

/*
 * Bold on what matched, and only on it: a Latin word is bold when the whole word (or its plural
 * stem) is a key, never a part of a longer word (VM in VMware, ETCD in ETCDCTL); a Hangul word is
 * bold on the key it starts with when what follows is a particle or ending (파드가 -> **파드**가,
 * 지정해야 -> **지정**해야), never on the particle.
 */

const WORD = /[\uac00-\ud7a3]+|[A-Za-z0-9_]+(?:[-./:][A-Za-z0-9_]+)*/g;
const ENDINGS = new Set(SUFFIXES);
const HANGUL = /^[\uac00-\ud7a3]/;

/** A marker that bolds the given keys (question words, stems and their glossary spellings). */
export function keyMarker(keys: Iterable<string>): Marker {
  const latin = new Set<string>();
  const korean: string[] = [];
  for (const raw of keys) {
    const key = normalize(raw).trim();
    if (key.length < 2) continue;
    if (HANGUL.test(key)) korean.push(key);
    else if (/^[a-z0-9]/.test(key)) latin.add(key);
  }
  korean.sort((a, b) => b.length - a.length);
  if (latin.size === 0 && korean.length === 0) return escapeMarkdown;

  const boldPart = (word: string): number => {
    if (HANGUL.test(word)) {
      for (const key of korean) {
        if (!word.startsWith(key)) continue;
        const rest = word.slice(key.length);
        if (rest === '' || ENDINGS.has(rest)) return key.length;
      }
      return 0;
    }
    const lower = normalize(word);
    return latin.has(lower) || latin.has(stemEnglish(lower)) ? word.length : 0;
  };

  return (text: string) => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const at = match.index ?? 0;
      const bold = boldPart(word);
      if (bold === 0) continue;
      out += `${escapeMarkdown(text.slice(last, at))}**${escapeMarkdown(word.slice(0, bold))}**`;
      last = at + bold;
    }
    return out + escapeMarkdown(text.slice(last));
  };
}
