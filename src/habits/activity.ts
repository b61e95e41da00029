import type { DayMark } from '../images/cards.js';
import { addDays } from '../quiz/time.js';
import type { PostedQuiz, UserRecord } from '../store/records.js';

/**
 * A member's last `count` local days for the score card's strip, oldest first:
 * right or wrong when the day's quiz is still in the schedule's recent list,
 * "answered" when only the answer is left, "none" when the member did not answer.
 */
export function activityDays(
  rec: UserRecord,
  quizzes: readonly PostedQuiz[],
  today: string,
  count = 30,
): { date: string; mark: DayMark }[] {
  const byDate = new Map<string, DayMark>();
  for (const [quizId, choice] of Object.entries(rec.daily)) {
    const date = quizId.slice(0, 10);
    const quiz = quizzes.find((q) => q.quizId === quizId);
    const mark: DayMark = quiz ? (quiz.answer === choice ? 'correct' : 'wrong') : 'answered';
    // a day with two quizzes (after a clock error): a right answer wins
    if (byDate.get(date) !== 'correct') byDate.set(date, mark);
  }
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(today, i - count + 1);
    return { date, mark: byDate.get(date) ?? 'none' };
  });
}
