/** Input hygiene shared by every command: what users type can hold anything. */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes control and zero-width characters (keeps newlines and tabs as spaces) and trims. */
export function cleanInput(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text has at least one letter or digit (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
