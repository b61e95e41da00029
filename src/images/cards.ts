import { t, type Lang, type Text } from '../i18n.js';
import { svgText, svgToPng } from './png.js';
import { textPath } from './text.js';

/**
 * The score card and the leaderboard card as pictures: hand-built SVG (a fixed
 * layout, no chart needed) rendered to PNG. Every text from a member is clipped
 * and XML-escaped (svgText); numbers are formatted here.
 */

export type DayMark = 'correct' | 'wrong' | 'answered' | 'none';

export interface ScoreCardData {
  lang: Lang;
  name: string;
  rank: number | null;
  points: number;
  /** 0..100 */
  accuracy: number;
  answered: number;
  streak: number;
  bestStreak: number;
  /** the last 30 local days, oldest first */
  days: { date: string; mark: DayMark }[];
}

export interface LeaderboardCardData {
  lang: Lang;
  title: string;
  rows: { rank: number; name: string; points: number; accuracy: number }[];
}

const COLORS = {
  background: '#151a2d',
  panel: '#1f2640',
  text: '#f4f6fb',
  muted: '#9aa3bf',
  accent: '#326ce5',
  correct: '#2e9d57',
  wrong: '#d9534f',
  answered: '#5b8def',
  none: '#2c3452',
  medals: ['#f2c94c', '#c0c7d6', '#d08b4c'],
} as const;

const MARK_COLOR: Record<DayMark, string> = {
  correct: COLORS.correct,
  wrong: COLORS.wrong,
  answered: COLORS.answered,
  none: COLORS.none,
};

const MSG = {
  title: { ko: '퀴즈 점수', en: 'Quiz score' },
  rank: { ko: '순위', en: 'Rank' },
  points: { ko: '점수', en: 'Points' },
  accuracy: { ko: '정답률', en: 'Accuracy' },
  streak: { ko: '연속 정답', en: 'Streak' },
  rankValue: { ko: '{rank}위', en: '#{rank}' },
  unranked: { ko: '-', en: '-' },
  best: { ko: '최고 {best}회', en: 'best {best}' },
  answered: { ko: '{n}문제', en: '{n} answered' },
  days: { ko: '최근 30일', en: 'Last 30 days' },
  legend: { ko: '■ 정답  ■ 오답  ■ 참여  ■ 없음', en: '■ right  ■ wrong  ■ answered  ■ none' },
  empty: { ko: '아직 점수가 없어요', en: 'Nobody has scored yet' },
  pts: { ko: '{points}점', en: '{points} pts' },
} satisfies Record<string, Text>;

/** `body` is escaped SVG text (svgText, or our own digits) */
const text = (
  x: number,
  y: number,
  size: number,
  fill: string,
  body: string,
  options: { bold?: boolean; anchor?: 'start' | 'middle' | 'end' } = {},
) => textPath(x, y, size, fill, body, options);
const BOLD = { bold: true } as const;

function frame(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" rx="18" fill="${COLORS.background}"/>${body}</svg>`
  );
}

export function scoreCardSvg(data: ScoreCardData): string {
  const { lang } = data;
  const width = 800;
  const height = 340;
  const stats: [string, string, string][] = [
    [
      t(lang, MSG.rank),
      data.rank === null ? t(lang, MSG.unranked) : t(lang, MSG.rankValue, { rank: data.rank }),
      '',
    ],
    [t(lang, MSG.points), String(data.points), ''],
    [t(lang, MSG.accuracy), `${data.accuracy}%`, t(lang, MSG.answered, { n: data.answered })],
    [t(lang, MSG.streak), String(data.streak), t(lang, MSG.best, { best: data.bestStreak })],
  ];
  const parts: string[] = [
    `<rect x="0" y="0" width="${width}" height="8" rx="4" fill="${COLORS.accent}"/>`,
    text(32, 58, 30, COLORS.text, `${svgText(t(lang, MSG.title), 20)} · ${svgText(data.name, 28)}`, BOLD),
  ];
  stats.forEach(([label, value, note], i) => {
    const x = 32 + i * 186;
    parts.push(`<rect x="${x}" y="82" width="172" height="118" rx="12" fill="${COLORS.panel}"/>`);
    parts.push(text(x + 16, 112, 17, COLORS.muted, svgText(label, 12)));
    parts.push(text(x + 16, 156, 38, COLORS.text, svgText(value, 10), BOLD));
    if (note) parts.push(text(x + 16, 184, 15, COLORS.muted, svgText(note, 16)));
  });
  parts.push(text(32, 238, 17, COLORS.muted, svgText(t(lang, MSG.days), 20)));
  const cell = 20;
  const gap = 4;
  data.days.slice(-30).forEach((day, i) => {
    const x = 32 + i * (cell + gap);
    parts.push(`<rect x="${x}" y="252" width="${cell}" height="${cell}" rx="4" fill="${MARK_COLOR[day.mark]}"/>`);
  });
  // the legend's squares take the marks' colours, in the same order
  const legend = t(lang, MSG.legend).split('■').slice(1);
  let lx = 32;
  (['correct', 'wrong', 'answered', 'none'] as const).forEach((mark, i) => {
    parts.push(`<rect x="${lx}" y="296" width="14" height="14" rx="3" fill="${MARK_COLOR[mark]}"/>`);
    const label = (legend[i] ?? '').trim();
    parts.push(text(lx + 20, 308, 14, COLORS.muted, svgText(label, 12)));
    lx += 20 + 14 * Array.from(label).length * (lang === 'ko' ? 1.1 : 0.62) + 24;
  });
  return frame(width, height, parts.join(''));
}

export function leaderboardCardSvg(data: LeaderboardCardData): string {
  const { lang } = data;
  const width = 800;
  const rowHeight = 44;
  const top = 84;
  const rows = data.rows.slice(0, 10);
  const height = top + Math.max(rows.length, 1) * rowHeight + 24;
  const maxPoints = Math.max(1, ...rows.map((r) => r.points));
  const parts: string[] = [
    `<rect x="0" y="0" width="${width}" height="8" rx="4" fill="${COLORS.accent}"/>`,
    text(32, 56, 28, COLORS.text, svgText(data.title, 40), BOLD),
  ];
  if (rows.length === 0) parts.push(text(32, top + 28, 20, COLORS.muted, svgText(t(lang, MSG.empty), 40)));
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    if (i % 2 === 0) parts.push(`<rect x="20" y="${y}" width="${width - 40}" height="${rowHeight}" rx="8" fill="${COLORS.panel}"/>`);
    const medal = COLORS.medals[row.rank - 1];
    if (medal) parts.push(`<circle cx="52" cy="${y + 22}" r="15" fill="${medal}"/>`);
    parts.push(
      text(52, y + 29, 18, medal ? COLORS.background : COLORS.text, String(row.rank), { bold: true, anchor: 'middle' }),
    );
    parts.push(text(86, y + 29, 19, COLORS.text, svgText(row.name, 22)));
    const barWidth = Math.round((220 * row.points) / maxPoints);
    parts.push(`<rect x="380" y="${y + 14}" width="${Math.max(barWidth, 2)}" height="16" rx="4" fill="${COLORS.accent}"/>`);
    parts.push(text(620, y + 29, 18, COLORS.text, svgText(t(lang, MSG.pts, { points: row.points }), 12), BOLD));
    parts.push(text(760, y + 29, 17, COLORS.muted, `${row.accuracy}%`, { anchor: 'end' }));
  });
  return frame(width, height, parts.join(''));
}

export const renderScoreCard = (data: ScoreCardData): Buffer => svgToPng(scoreCardSvg(data));
export const renderLeaderboardCard = (data: LeaderboardCardData): Buffer => svgToPng(leaderboardCardSvg(data));
