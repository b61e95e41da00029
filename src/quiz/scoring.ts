import {
  KEEP_DAILY,
  KEEP_PERIODS,
  KEEP_PRACTICE_NONCES,
  type PeriodStats,
  type UserRecord,
} from '../store/records.js';

/** points for a correct daily answer, by difficulty */
export function pointsFor(difficulty: number): number {
  return 10 * Math.min(3, Math.max(1, difficulty));
}

export interface DailyAnswer {
  quizId: string;
  /** the quiz's position among the server's posted quizzes */
  seq: number;
  choice: number;
  correct: boolean;
  difficulty: number;
  /** server-local date when answered: week and month come from it */
  localDate: string;
  week: string;
  month: string;
}

function bump(stats: PeriodStats | undefined, points: number, correct: boolean): PeriodStats {
  return {
    points: (stats?.points ?? 0) + points,
    answered: (stats?.answered ?? 0) + 1,
    correct: (stats?.correct ?? 0) + (correct ? 1 : 0),
  };
}

/** keeps the newest `keep` keys (the keys sort by time: dates, '2024-W40', '2024-10') */
function keepNewest<V>(map: Record<string, V>, keep: number): Record<string, V> {
  const keys = Object.keys(map).sort();
  if (keys.length <= keep) return map;
  return Object.fromEntries(keys.slice(-keep).map((k) => [k, map[k]!]));
}

/**
 * A daily answer applied to a record, or null when this quiz was already
 * answered (the first answer counts). Streak: consecutive POSTED quizzes
 * answered correctly; the sequence numbers only advance when a quiz is posted,
 * so a day without a quiz breaks nobody's streak.
 */
export function applyDailyAnswer(rec: UserRecord, a: DailyAnswer): UserRecord | null {
  if (rec.daily[a.quizId] !== undefined) return null;
  const points = a.correct ? pointsFor(a.difficulty) : 0;
  const streak = a.correct ? (rec.streakSeq === a.seq - 1 ? rec.streak : 0) + 1 : 0;
  return {
    ...rec,
    points: rec.points + points,
    answered: rec.answered + 1,
    correct: rec.correct + (a.correct ? 1 : 0),
    streak,
    bestStreak: Math.max(rec.bestStreak, streak),
    streakSeq: a.correct ? a.seq : rec.streakSeq,
    lastDay: a.localDate,
    weeks: keepNewest({ ...rec.weeks, [a.week]: bump(rec.weeks[a.week], points, a.correct) }, KEEP_PERIODS),
    months: keepNewest({ ...rec.months, [a.month]: bump(rec.months[a.month], points, a.correct) }, KEEP_PERIODS),
    daily: keepNewest({ ...rec.daily, [a.quizId]: a.choice }, KEEP_DAILY),
  };
}

/** The streak as it stands now: broken if a closed quiz after it went unanswered or wrong. */
export function currentStreak(rec: UserRecord, closedSeq: number): number {
  return rec.streakSeq >= closedSeq ? rec.streak : 0;
}

/** A practice answer, counted once per served card (nonce); null if already counted. */
export function applyPracticeAnswer(rec: UserRecord, nonce: string, correct: boolean): UserRecord | null {
  if (rec.practice.recent.includes(nonce)) return null;
  return {
    ...rec,
    practice: {
      // the card is answered: no longer open
      open: rec.practice.open.filter((c) => c.nonce !== nonce),
      answered: rec.practice.answered + 1,
      correct: rec.practice.correct + (correct ? 1 : 0),
      recent: [...rec.practice.recent, nonce].slice(-KEEP_PRACTICE_NONCES),
    },
  };
}

export function accuracy(stats: { answered: number; correct: number }): number {
  return stats.answered === 0 ? 0 : stats.correct / stats.answered;
}
