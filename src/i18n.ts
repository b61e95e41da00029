/** The bot answers in Korean or English, chosen from the user's Discord locale. */
export type Lang = 'ko' | 'en';

export function langFromLocale(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A message in both languages; `{name}` placeholders are filled from `vars`. */
export type Text = Record<Lang, string>;

export function t(lang: Lang, text: Text, vars: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
