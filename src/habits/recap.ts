import { participationChartPng } from '../images/chart.js';
import type { Question } from '../quiz/bank.js';
import { LETTERS } from '../quiz/bank.js';
import { escapeLayout, say } from '../quiz/render.js';
import { shownIndex } from '../quiz/shuffle.js';
import type { BoardEntry } from '../quiz/standings.js';
import { addDays, isoWeek, localTime, postInstant } from '../quiz/time.js';
import { COLORS, LIMITS, type Reply, truncate } from '../reply.js';
import type { PostedQuiz } from '../store/records.js';

/**
 * The weekly recap: when it is due (pure), what it says (pure numbers from the
 * stored quizzes, the weekly board, the standing streaks and the /ask counts),
 * and the message with its chart.
 */

export interface RecapSchedule {
  /** 1 = Monday ... 7 = Sunday (ISO) */
  weekday: number;
  /** 'HH:MM' in the server's zone */
  time: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_LABELS = ['월 Mon', '화 Tue', '수 Wed', '목 Thu', '금 Fri', '토 Sat', '일 Sun'];

/** a recap more than this after its time is given up (the bot was down): old news is not posted */
export const STALE_AFTER_MS = 2 * 86_400_000;

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The seven dates (Monday first) of an ISO week label such as '2026-W10'. */
export function weekDates(week: string): string[] {
  const [year, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = `${year}-01-04`; // always in week 1
  const monday = addDays(jan4, 1 - isoWeekday(jan4) + (w - 1) * 7);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/**
 * The latest recap time at or before `now`, and the week it reports on: the ISO
 * week of the day before it (a Sunday or Friday recap reports on its own week,
 * a Monday recap on the week that just ended).
 */
export function latestRecap(schedule: RecapSchedule, timezone: string, now: Date): { at: Date; week: string } {
  const today = localTime(now, timezone).date;
  let date = addDays(today, schedule.weekday - isoWeekday(today));
  let at = postInstant(date, schedule.time, timezone);
  if (at.getTime() > now.getTime()) {
    date = addDays(date, -7);
    at = postInstant(date, schedule.time, timezone);
  }
  return { at, week: isoWeek(addDays(date, -1)) };
}

export interface RecapInput {
  week: string;
  /** the server's recent quizzes (schedule state) */
  quizzes: readonly PostedQuiz[];
  /** answers per choice of a quiz still open */
  liveTally: (quiz: PostedQuiz) => number[];
  /** the week's board, best first */
  board: readonly BoardEntry[];
  streaks: readonly { userId: string; streak: number }[];
  /** note path -> /ask answers from it this week */
  asks: Record<string, number>;
  question: (id: string) => Question | undefined;
}

export interface RecapData {
  week: string;
  days: { date: string; participants: number }[];
  top: BoardEntry[];
  streaks: { userId: string; streak: number }[];
  missed: { quiz: PostedQuiz; question: Question; right: number; total: number } | null;
  notes: { note: string; count: number }[];
}

const posted = (q: PostedQuiz) => q.state === 'posted' || q.state === 'closed';

/** The recap's numbers, or null for a week in which no quiz went out (nothing is posted then). */
export function buildRecap(input: RecapInput): RecapData | null {
  const dates = weekDates(input.week);
  const quizzes = input.quizzes.filter((q) => posted(q) && dates.includes(q.quizId.slice(0, 10)));
  if (quizzes.length === 0) return null;
  const tallyOf = (q: PostedQuiz) => q.tallies ?? input.liveTally(q);
  const total = (q: PostedQuiz) => tallyOf(q).reduce((a, b) => a + b, 0);
  const days = dates.map((date) => ({
    date,
    participants: quizzes.filter((q) => q.quizId.slice(0, 10) === date).reduce((n, q) => n + total(q), 0),
  }));
  // the most missed: the lowest share of right answers among closed quizzes someone answered
  let missed: RecapData['missed'] = null;
  for (const quiz of quizzes) {
    const question = input.question(quiz.questionId);
    const answered = total(quiz);
    if (quiz.state !== 'closed' || !question || answered === 0) continue;
    const right = tallyOf(quiz)[quiz.answer] ?? 0;
    const worse = !missed || right * missed.total < missed.right * answered || (right * missed.total === missed.right * answered && answered > missed.total);
    if (worse) missed = { quiz, question, right, total: answered };
  }
  const notes = Object.entries(input.asks)
    .map(([note, count]) => ({ note, count }))
    .sort((a, b) => b.count - a.count || (a.note < b.note ? -1 : 1))
    .slice(0, 5);
  return { week: input.week, days, top: input.board.slice(0, 5), streaks: input.streaks.slice(0, 5), missed, notes };
}

export interface RecapLinks {
  name: (userId: string) => string;
  sourceLink?: (note: string, section: string) => string | undefined;
  noteTitle?: (path: string) => string | undefined;
}

const pct = (right: number, total: number) => (total === 0 ? 0 : Math.round((100 * right) / total));

/** Member names are plain text: Markdown in them is escaped so a name cannot restyle the recap. */
const plain = (text: string) => truncate(text.replace(/([\\*_`~|>#[\]()@<:])/g, '\\$1'), 40);

/** The channel post: both languages, the numbers as text, the participation chart as a picture. */
export function renderRecap(data: RecapData, links: RecapLinks): Reply {
  const dates = weekDates(data.week);
  const lines = (rows: string[], empty: string) => (rows.length ? rows.join('\n') : empty);
  const none = say('both', { ko: '없음', en: 'none' });
  const fields = [
    {
      name: say('both', { ko: '요일별 참여', en: 'Answers by day' }),
      value: data.days.map((d, i) => `${WEEKDAY_LABELS[i]} ${d.participants}`).join(' · '),
    },
    {
      name: say('both', { ko: '이번 주 상위 5명', en: 'Top five this week' }),
      value: lines(
        data.top.map(
          (e, i) =>
            `**${i + 1}.** ${plain(links.name(e.userId))} — ${say('both', { ko: '{p}점', en: '{p} pts' }, { p: e.points })} · ${pct(e.correct, e.answered)}% (${e.correct}/${e.answered})`,
        ),
        none,
      ),
    },
    {
      name: say('both', { ko: '가장 긴 연속 정답', en: 'Longest streaks' }),
      value: lines(
        data.streaks.map((s) => `🔥 ${plain(links.name(s.userId))} — ${s.streak}`),
        none,
      ),
    },
  ];
  if (data.missed) {
    const { question, right, total, quiz } = data.missed;
    // the letters as the quiz showed them (its stored order); a server's own text cannot restyle the post
    const own = question.file === 'server';
    const q = own ? { ...question, question: escapeLayout(question.question), explanation: escapeLayout(question.explanation) } : question;
    const answerShown = shownIndex(quiz.answer, quiz.choiceCount, quiz.order);
    const answerText = q.choices[quiz.answer] ?? '';
    const link = q.source ? links.sourceLink?.(q.source.note, q.source.section) : undefined;
    const source = q.source ? `${q.source.note} § ${q.source.section}` : undefined;
    fields.push({
      name: say('both', { ko: '가장 많이 틀린 문제', en: 'Most missed question' }),
      value: truncate(
        [
          `${q.question} (${quiz.quizId}, ${say('both', { ko: '정답률', en: 'right' })} ${pct(right, total)}% · ${right}/${total})`,
          `✅ **${LETTERS[answerShown]}.** ${own ? escapeLayout(answerText) : answerText}`,
          q.explanation,
          ...(source ? [`📖 ${link ? `[${source}](${link})` : source}`] : []),
        ].join('\n'),
        LIMITS.fieldValue,
      ),
    });
  }
  fields.push({
    name: say('both', { ko: '/ask로 많이 찾은 노트', en: 'Notes most asked about with /ask' }),
    value: lines(
      data.notes.map((n) => `• ${plain(links.noteTitle?.(n.note) ?? n.note)} — ${n.count}`),
      none,
    ),
  });
  const chart = participationChartPng(
    'ko',
    WEEKDAY_LABELS,
    data.days.map((d) => d.participants),
  );
  return {
    embeds: [
      {
        title: say('both', { ko: '주간 결산 {week}', en: 'Weekly recap {week}' }, { week: data.week }),
        description: `${dates[0]} – ${dates[6]}`,
        fields: fields.map((f) => ({ ...f, value: truncate(f.value, LIMITS.fieldValue) })),
        color: COLORS.info,
      },
    ],
    files: [{ name: 'recap.png', data: chart, description: say('both', { ko: '요일별 참여 인원', en: 'Members who answered, by day' }) }],
  };
}
