/*
 * How a server's questions fared in its daily quizzes: one record per server
 * (key `g:<guild>:stats`), added to once per closed quiz. A quiz id is counted
 * once: a close retried after a crash finds it in `counted` and adds nothing.
 */

export interface QuestionStats {
  /** daily quizzes that asked it */
  asked: number;
  /** answers per choice, by the bank's choice index */
  tallies: number[];
  /** answers that were right */
  right: number;
}

/** key `g:<guildId>:stats` */
export interface GuildStats {
  v: 1;
  questions: Record<string, QuestionStats>;
  /** server-local date -> members who answered the daily quiz that day */
  days: Record<string, number>;
  /** the quiz ids already counted (recent ones) */
  counted: string[];
}

export const emptyStats = (): GuildStats => ({ v: 1, questions: {}, days: {}, counted: [] });

const KEEP_DAYS = 60;
const KEEP_COUNTED = 30;

/** Adds a closed quiz; null when it was counted already. */
export function addClosedQuiz(
  stats: GuildStats,
  quiz: { quizId: string; questionId: string; answer: number; tallies: number[] },
): GuildStats | null {
  if (stats.counted.includes(quiz.quizId)) return null;
  const before = stats.questions[quiz.questionId] ?? { asked: 0, tallies: [], right: 0 };
  const length = Math.max(before.tallies.length, quiz.tallies.length);
  const tallies = Array.from({ length }, (_, i) => (before.tallies[i] ?? 0) + (quiz.tallies[i] ?? 0));
  const answered = quiz.tallies.reduce((a, b) => a + b, 0);
  const date = quiz.quizId.slice(0, 10);
  const days = { ...stats.days, [date]: (stats.days[date] ?? 0) + answered };
  const kept = Object.keys(days).sort().slice(-KEEP_DAYS);
  return {
    ...stats,
    questions: {
      ...stats.questions,
      [quiz.questionId]: { asked: before.asked + 1, tallies, right: before.right + (quiz.tallies[quiz.answer] ?? 0) },
    },
    days: Object.fromEntries(kept.map((d) => [d, days[d]!])),
    counted: [...stats.counted, quiz.quizId].slice(-KEEP_COUNTED),
  };
}

export interface QuestionRow {
  questionId: string;
  asked: number;
  answered: number;
  right: number;
  /** right / answered, 0..1 (0 when nobody answered) */
  rightShare: number;
  /** each choice's share of the answers, by the bank's choice index */
  shares: number[];
  openReports: number;
}

export function questionRows(stats: GuildStats, openReports: ReadonlyMap<string, number>): QuestionRow[] {
  const ids = new Set([...Object.keys(stats.questions), ...openReports.keys()]);
  return [...ids].sort().map((questionId) => {
    const s = stats.questions[questionId] ?? { asked: 0, tallies: [], right: 0 };
    const answered = s.tallies.reduce((a, b) => a + b, 0);
    return {
      questionId,
      asked: s.asked,
      answered,
      right: s.right,
      rightShare: answered === 0 ? 0 : s.right / answered,
      shares: s.tallies.map((n) => (answered === 0 ? 0 : n / answered)),
      openReports: openReports.get(questionId) ?? 0,
    };
  });
}

/** The hardest: lowest share right among questions someone answered; ties by more answers. */
export function hardest(rows: readonly QuestionRow[], count = 10): QuestionRow[] {
  return rows
    .filter((r) => r.answered > 0)
    .sort((a, b) => a.rightShare - b.rightShare || b.answered - a.answered || (a.questionId < b.questionId ? -1 : 1))
    .slice(0, count);
}

/** Members answering per day for the `count` days up to `today` (server-local dates), oldest first. */
export function participation(stats: GuildStats, today: string, count = 30): { date: string; answered: number }[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return { date, answered: stats.days[date] ?? 0 };
  });
}
