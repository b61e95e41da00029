/*
 * The analyzer: text to index terms, the same way for notes and questions.
 * Korean has no spaces between a word and its particle (컨테이너는, OS에서), so
 * Hangul runs are cut from particles and endings by rule and indexed as
 * syllable bigrams plus the whole stem; Latin runs are lowercased words whose
 * technical identifiers (kube-proxy, --previous, v1.24) are kept whole and also split.
 */

/** Particles and endings cut from the end of a Hangul word, longest first (kept only if 2+ syllables remain). */
export const SUFFIXES = [
  '으로부터',
  '에서부터',
  '으로서는',
  '으로써는',
  '이라는',
  '이라고',
  '에서는',
  '에서도',
  '으로는',
  '으로도',
  '에게서',
  '까지는',
  '부터는',
  '하려면',
  '일까요',
  '할까요',
  '인가요',
  '하나요',
  '합니다',
  '입니다',
  '인가요',
  '이에요',
  '되나요',
  '할까요',
  '해야',
  '해서',
  '일까',
  '할까',
  '인지',
  '이고',
  '이며',
  '이면',
  '하는',
  '하나',
  '하기',
  '하면',
  '하고',
  '한다',
  '했다',
  '되는',
  '된다',
  '되나',
  '되어',
  '에서',
  '으로',
  '에게',
  '한테',
  '까지',
  '부터',
  '처럼',
  '보다',
  '마다',
  '이나',
  '이란',
  '이라',
  '인가',
  '이다',
  '이야',
  '에는',
  '로는',
  '와는',
  '과는',
  '으로',
  '들이',
  '들은',
  '들을',
  '들의',
  '들에',
  '들과',
  '들도',
  '들',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '에',
  '로',
  '와',
  '과',
  '도',
  '만',
  '란',
  '나',
  '랑',
  '야',
  '요',
];

const PARTICLES = new Set(SUFFIXES);

const HANGUL = /[\uac00-\ud7a3]/;
/** a run of Hangul syllables, or a Latin/digit word with inner `-._/:` (and a leading `--` for flags) */
const TOKEN = /[\uac00-\ud7a3]+|(?:--?)?[a-z0-9]+(?:[-._/:][a-z0-9]+)*/g;

const ENGLISH_STOP = new Set(
  [
    'a an the is are was were be been being am do does did what which who whom whose how why when where',
    'can could should would will shall may might must i me my we our you your it its this that these',
    'those of in on at to for from by with about as into than then so if or and not no yes there here vs',
    'versus between difference differences explain tell please get use using used',
  ]
    .join(' ')
    .split(' '),
);

/** Question words and filler that say nothing about the topic (after particle stripping). */
const KOREAN_FILLER = new Set(
  [
    '뭐야 뭐가 머가 몇 몇개 뭔가 뭔가요 무엇 무엇인 무엇일 무엇일까 무엇인가 무엇인지 뭐 뭔 뭘 뭐지 알려줘 알려주세요 알려 설명 설명해줘 설명해 어떻게 어떤 어떻 무슨 왜 언제',
    '어디 누가 있나 있나요 있어 있어요 있는 있을까 하나 궁금 궁금해 좀 대해 대해서 관해 관해서 것 거 건가 건지 할까 될까 되나 인지 이유는 정리 개념',
    // negation (안 돼요, 못 찾아요) says that something is wrong, not what; in the docs it is mostly a warning
    // (해서는 안 된다), so it would pull warnings forward
    '안 못',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Words that say what kind of answer is wanted (how to fix, why, the difference), not what it is about:
 * kept in a question at a low weight, so `CrashLoopBackOff 해결 방법` is about CrashLoopBackOff.
 */
const INTENT = new Set(
  [
    '해결 해결법 해결책 방법 이유 원인 차이 차이점 달라 다른 다름 다르 다를 다를까 뜻 의미 종류 예시 예제 사용법 정의 역할 특징 장점 단점 하는 일 용도 fix solve',
    'solution way reason cause meaning mean means example role purpose usage',
  ]
    .join(' ')
    .split(' '),
);

export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/g, '');
}

/** Removes one particle or ending when at least two syllables remain. */
export function stripKorean(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Light English stemming (plural s): pods -> pod, policies -> policy. Identifiers with punctuation are left alone. */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || /[^a-z]/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|os)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Likely other forms of an English word (heal: healing, healed; writing: writ, write): guesses by
 * rule for the corpus to confirm, since a lemmatizer's lexicon would cost more memory than the bot's index.
 */
export function englishForms(key: string): string[] {
  if (!/^[a-z]{3,}$/.test(key)) return [];
  const out = new Set<string>();
  const base = key.replace(/(ing|ed)$/, '');
  if (base !== key && base.length >= 3) {
    out.add(base);
    out.add(`${base}e`);
    if (/(.)\1$/.test(base)) out.add(base.slice(0, -1)); // running -> run
  }
  if (key.endsWith('ly') && key.length > 5) out.add(key.slice(0, -2));
  if (base === key) {
    const stem = key.endsWith('e') ? key.slice(0, -1) : key;
    out.add(`${stem}ing`);
    out.add(`${stem}ed`);
    if (/[^aeiou][aeiou][bdgmnpt]$/.test(key)) {
      out.add(`${key}${key.at(-1)}ing`); // run -> running
      out.add(`${key}${key.at(-1)}ed`);
    }
    out.add(`${key}ly`);
  }
  out.delete(key);
  return [...out];
}

export function bigrams(word: string): string[] {
  if (word.length < 2) return [word];
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) out.push(word.slice(i, i + 2));
  return out;
}

/** One word of the input and the terms it stands for. */
export interface Word {
  /** the word as written (normalised), used to bold matches in snippets */
  surface: string;
  /** the form looked up in the glossary (particles cut, English stemmed) */
  key: string;
  korean: boolean;
  terms: string[];
  /** set when the word was not in the corpus and stands for this closest word instead (a typo) */
  typoOf?: string;
  /** a word that says what kind of answer is wanted (방법, 이유, 차이), weighed low in questions */
  intent?: boolean;
  /** written as a technical identifier (hostUsers, convert2rhel, kube-proxy, --previous): a name, not prose */
  identifier?: boolean;
}

/**
 * Every word has the same fields in the same order (absent ones undefined): objects of one shape keep the
 * optimised search code from being thrown away when a question brings a word of another shape.
 */
function word(surface: string, key: string, korean: boolean, terms: string[], intent: boolean, identifier = false): Word {
  return { surface, key, korean, terms, typoOf: undefined, intent: intent || undefined, identifier: identifier || undefined };
}

function koreanTerms(stem: string): string[] {
  if (stem.length <= 2) return [stem];
  return [stem, ...bigrams(stem)];
}

function latinTerms(word: string): string[] {
  const bare = word.replace(/^-+/, '');
  const parts = bare.split(/[-._/:]/).filter(Boolean);
  const terms = new Set<string>([stemEnglish(bare)]);
  if (word.startsWith('-')) terms.add(word);
  if (parts.length > 1) for (const p of parts) if (!ENGLISH_STOP.has(p)) terms.add(stemEnglish(p));
  return [...terms];
}

/** Latin words as typed (case kept), to tell identifiers by their shape before lowercasing. */
const TYPED_LATIN = /(?:--?)?[A-Za-z0-9]+(?:[-._/:][A-Za-z0-9]+)*/g;
/**
 * camelCase, letters and digits mixed, inner punctuation, or a flag: how names of fields, tools and flags
 * look; a name starts with a letter or a dash (512Mi, 1.30 are values)
 */
const IDENTIFIER_SHAPE = /^(?=-|[A-Za-z])(?:.*(?:[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]|[A-Za-z0-9][-._/:][A-Za-z0-9])|--?[A-Za-z])/;

/** The lowercased Latin words of a text that are written as technical identifiers. */
function identifiersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const [token] of text.normalize('NFKC').matchAll(TYPED_LATIN)) {
    if (IDENTIFIER_SHAPE.test(token)) out.add(token.toLowerCase());
  }
  return out;
}

/** Splits text into words with their terms. `query` drops filler and stop words. */
export function analyzeWords(text: string, query = false): Word[] {
  const words: Word[] = [];
  const identifiers = query ? identifiersOf(text) : undefined;
  for (const match of normalize(text).matchAll(TOKEN)) {
    const raw = match[0];
    if (HANGUL.test(raw[0] ?? '')) {
      if (PARTICLES.has(raw)) continue;
      const stem = stripKorean(raw);
      if (query && (KOREAN_FILLER.has(stem) || KOREAN_FILLER.has(raw))) continue;
      words.push(word(raw, stem, true, koreanTerms(stem), query && INTENT.has(stem)));
    } else {
      const bare = raw.replace(/^-+/, '');
      if (ENGLISH_STOP.has(bare) || (query && bare.length === 0)) continue;
      const key = stemEnglish(bare);
      words.push(word(raw, key, false, latinTerms(raw), query && INTENT.has(key), identifiers?.has(raw)));
    }
  }
  return words;
}

/**
 * Terms of each distinct token, remembered: a corpus repeats the same few ten thousand words
 * hundreds of thousands of times, and cutting particles and splitting identifiers is the costly part.
 * Bounded, and emptied when full, so a stream of unique tokens cannot grow it without end.
 */
const termsOfToken = new Map<string, readonly string[]>();
const TOKEN_CACHE_LIMIT = 200_000;
const NO_TERMS: readonly string[] = [];

export function tokenTerms(raw: string): readonly string[] {
  const known = termsOfToken.get(raw);
  if (known) return known;
  let terms: readonly string[];
  if (HANGUL.test(raw[0] ?? '')) terms = PARTICLES.has(raw) ? NO_TERMS : koreanTerms(stripKorean(raw));
  else terms = ENGLISH_STOP.has(raw.replace(/^-+/, '')) ? NO_TERMS : latinTerms(raw);
  if (termsOfToken.size >= TOKEN_CACHE_LIMIT) termsOfToken.clear();
  termsOfToken.set(raw, terms);
  return terms;
}

/** The raw tokens of a text, in order; `tokenTerms` gives each one's index terms. */
export function tokensOf(text: string): string[] {
  return normalize(text).match(TOKEN) ?? [];
}

/** All index terms of a text, with repeats (term frequency matters). */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokensOf(text)) for (const term of tokenTerms(token)) out.push(term);
  return out;
}
