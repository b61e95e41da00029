import { normalize } from './analyze.js';

/** Escapes Discord Markdown so note text shows as written and cannot format (or break) the reply. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|>#[\]()])/g, '\\$1');
}

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?。])\s+|(?<=다\.)\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The best passage of a section for a question: the window of sentences that
 * holds the most distinct question words, cut to `max` characters, with the
 * matched words in bold. `words` are the question's surface forms and stems.
 */
export function snippet(text: string, words: string[], max = 300): string {
  const needles = [...new Set(words.map((w) => normalize(w)).filter((w) => w.length >= 2 || /[\uac00-\ud7a3]/.test(w)))];
  const parts = sentences(text);
  if (parts.length === 0) return '';
  const found = parts.map((p) => {
    const lower = normalize(p);
    return new Set(needles.filter((n) => lower.includes(n)));
  });
  let bestStart = 0;
  let bestScore = -1;
  for (let start = 0; start < parts.length; start++) {
    const seen = new Set<string>();
    let length = 0;
    for (let end = start; end < parts.length && length < max; end++) {
      length += (parts[end]?.length ?? 0) + 1;
      for (const n of found[end] ?? []) seen.add(n);
    }
    // prefer more distinct words, then earlier passages
    if (seen.size > bestScore) {
      bestScore = seen.size;
      bestStart = start;
    }
  }
  let passage = '';
  for (let i = bestStart; i < parts.length; i++) {
    const next = passage ? `${passage} ${parts[i]}` : (parts[i] ?? '');
    if (next.length > max) {
      if (!passage) passage = `${next.slice(0, max - 1)}…`;
      else passage += ' …';
      break;
    }
    passage = next;
  }
  if (bestStart > 0) passage = `… ${passage}`;
  return highlight(passage, needles);
}

/** Bold every occurrence of the needles (case-insensitive) in escaped text. */
export function highlight(text: string, needles: string[]): string {
  const escaped = escapeMarkdown(text);
  const sorted = [...needles].sort((a, b) => b.length - a.length).map((n) => escapeMarkdown(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (sorted.length === 0) return escaped;
  const pattern = new RegExp(`(${sorted.join('|')})`, 'giu');
  return escaped.replace(pattern, '**$1**').replace(/\*\*\*\*/g, '');
}
