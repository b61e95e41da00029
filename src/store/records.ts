import type { Question } from '../quiz/bank.js';

/**
 * What the bot keeps in keyv. Each record is ONE key, so everything that must
 * change together (an answer: points, streak, period points, the quiz id that
 * makes it count once, the review card) is written in one set().
 */

/** points / answered / correct for one period (all time, an ISO week, a month) */
export interface PeriodStats {
  points: number;
  answered: number;
  correct: number;
}

/** A ts-fsrs card, dates as epoch milliseconds so it survives JSON. */
export interface ReviewCard {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: number;
}

/** key `u:<guildId>:<userId>`: one user in one server */
export interface UserRecord {
  v: 1;
  points: number;
  answered: number;
  correct: number;
  /** consecutive posted quizzes answered correctly, up to `streakSeq` */
  streak: number;
  bestStreak: number;
  /** sequence number (in the server's posted quizzes) of the last correct daily answer; 0 = none */
  streakSeq: number;
  /** server-local date of the last scored daily quiz */
  lastDay: string | null;
  /** '2024-W40' -> stats; only the recent periods are kept */
  weeks: Record<string, PeriodStats>;
  /** '2024-10' -> stats; only the recent periods are kept */
  months: Record<string, PeriodStats>;
  /** daily quiz id -> chosen choice index: the answer counts once. Recent ones only. */
  daily: Record<string, number>;
  practice: {
    answered: number;
    correct: number;
    /** nonces of practice cards already graded */
    recent: string[];
    /** practice cards shown to this member and not answered yet: only these can be answered (once) */
    open: ShownPractice[];
  };
  /** question id -> spaced-repetition card (questions this user got wrong) */
  deck: Record<string, ReviewCard>;
}

/** a practice card as shown: its nonce is in the buttons' custom ids */
export interface ShownPractice {
  nonce: string;
  questionId: string;
  /** the order its choices were shown in (absent on cards shown before shuffling) */
  order?: number[];
}

/** key `g:<guildId>:settings` */
export interface GuildSettings {
  channelId: string | null;
  /** 'HH:MM', server-local */
  postTime: string;
  /** IANA zone */
  timezone: string;
  openHours: number;
  enabled: boolean;
  /** the weekly recap: ISO weekday (1 = Monday) and local time; absent or null = off */
  recap?: { weekday: number; time: string } | null;
  /** where the daily quiz draws from: the shipped bank, the server's own, or both (its own first while unseen) */
  draw: DrawFrom;
  /** members with this role review submissions and reports, besides those with Manage Server */
  reviewerRoleId: string | null;
  /** a reviewer may approve their own submission (a server with one reviewer); off by default */
  selfApprove: boolean;
}

export type DrawFrom = 'shipped' | 'server' | 'both';

/** A question of a server's own bank as stored: the bank format without the file it came from. */
export type StoredQuestion = Omit<Question, 'file'>;

/** key `g:<guildId>:bank`: the server's own questions, and the questions it turned off */
export interface ServerBank {
  v: 1;
  /** in the order they were added; ids are the author's, unique within the server */
  questions: StoredQuestion[];
  /** question ids (shipped, or own with the `s.` prefix) this server does not want asked */
  disabled: string[];
}

export type QuizState = 'posting' | 'posted' | 'closed' | 'failed';

/** One daily quiz of one server. `posting` is the claim written before the post. */
export interface PostedQuiz {
  /** the server-local date: one quiz per server per local day */
  quizId: string;
  questionId: string;
  /** the answer index and choice count as they were when posted (the bank may change) */
  answer: number;
  choiceCount: number;
  /**
   * the order the choices were shown in: bank index per position (shuffle.ts).
   * Absent on quizzes stored before shuffling: shown as in the bank.
   */
  order?: number[];
  difficulty: number;
  channelId: string;
  messageId: string | null;
  state: QuizState;
  /** 1, 2, 3 ... over the quizzes actually posted; streaks follow it. null until posted */
  seq: number | null;
  claimedAt: number;
  postedAt: number | null;
  openUntil: number | null;
  closedAt: number | null;
  late: boolean;
  attempts: number;
  lastError: string | null;
  /** answers per choice, fixed at close */
  tallies: number[] | null;
  /** the closed message was edited (false: retry the edit on the next tick) */
  closeEdited: boolean;
  editAttempts: number;
}

/** key `g:<guildId>:schedule` */
export interface ScheduleState {
  v: 1;
  /** the last local date a quiz was claimed for; never claim again for it or an earlier one */
  lastDate: string | null;
  /** number of quizzes posted so far */
  seq: number;
  /** seq of the last closed quiz (a streak not reaching it is broken) */
  closedSeq: number;
  /** question ids used in this cycle through the bank */
  used: string[];
  /** the recent quizzes, oldest first */
  quizzes: PostedQuiz[];
}

export const KEEP_DAILY = 40;
export const KEEP_PERIODS = 3;
export const KEEP_QUIZZES = 14;
export const KEEP_PRACTICE_NONCES = 30;
/** cards shown and not answered, per member; an older one expires (its answer is refused) */
export const KEEP_OPEN_PRACTICE = 20;

export const userKey = (guildId: string, userId: string) => `u:${guildId}:${userId}`;
export const settingsKey = (guildId: string) => `g:${guildId}:settings`;
export const scheduleKey = (guildId: string) => `g:${guildId}:schedule`;
export const bankKey = (guildId: string) => `g:${guildId}:bank`;
export const queueKey = (guildId: string) => `g:${guildId}:queue`;
export const statsKey = (guildId: string) => `g:${guildId}:stats`;

export type ParsedKey =
  | { kind: 'user'; guildId: string; userId: string }
  | { kind: 'settings'; guildId: string }
  | { kind: 'schedule'; guildId: string }
  | { kind: 'bank'; guildId: string }
  | { kind: 'queue'; guildId: string }
  | { kind: 'stats'; guildId: string }
  | { kind: 'other' };

export function parseKey(key: string): ParsedKey {
  const [kind, guildId, rest] = key.split(':');
  if (kind === 'u' && guildId && rest) return { kind: 'user', guildId, userId: rest };
  if (kind === 'g' && guildId && rest === 'settings') return { kind: 'settings', guildId };
  if (kind === 'g' && guildId && rest === 'schedule') return { kind: 'schedule', guildId };
  if (kind === 'g' && guildId && rest === 'bank') return { kind: 'bank', guildId };
  if (kind === 'g' && guildId && rest === 'queue') return { kind: 'queue', guildId };
  if (kind === 'g' && guildId && rest === 'stats') return { kind: 'stats', guildId };
  return { kind: 'other' };
}

export function emptyUser(): UserRecord {
  return {
    v: 1,
    points: 0,
    answered: 0,
    correct: 0,
    streak: 0,
    bestStreak: 0,
    streakSeq: 0,
    lastDay: null,
    weeks: {},
    months: {},
    daily: {},
    practice: { answered: 0, correct: 0, recent: [], open: [] },
    deck: {},
  };
}

/** Fills fields a record written by an older version may lack. */
export function normalizeUser(value: unknown): UserRecord {
  const base = emptyUser();
  if (!value || typeof value !== 'object') return base;
  const rec = { ...base, ...(value as Partial<UserRecord>) };
  rec.practice = { ...base.practice, ...rec.practice };
  return rec;
}

export function defaultSettings(timezone: string): GuildSettings {
  return {
    channelId: null,
    postTime: '09:00',
    timezone,
    openHours: 12,
    enabled: true,
    draw: 'both',
    reviewerRoleId: null,
    selfApprove: false,
  };
}

export function emptyServerBank(): ServerBank {
  return { v: 1, questions: [], disabled: [] };
}

export function emptySchedule(): ScheduleState {
  return { v: 1, lastDate: null, seq: 0, closedSeq: 0, used: [], quizzes: [] };
}
