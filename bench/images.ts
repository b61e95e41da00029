import { renderLeaderboardCard, renderScoreCard } from '../src/images/cards.js';
import { participationChartPng } from '../src/images/chart.js';

/**
 * Render time of the pictures: SVG built, rasterised with resvg and the shipped font, PNG encoded.
 * The first render of each kind (font files read, static labels laid out) is left out.
 */
export function benchImages(runs = 60): { picture: string; runs: number; p50: number; p95: number; kb: number }[] {
  const days = Array.from({ length: 30 }, (_, i) => ({ date: `d${i}`, mark: (['correct', 'wrong', 'none'] as const)[i % 3]! }));
  const rows = Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, name: `스터디 멤버 ${i + 1}`, points: 300 - i * 20, accuracy: 95 - i * 3 }));
  let member = 0;
  const pictures: [string, () => Buffer][] = [
    // text outlines are cached per run of text: a member seen for the first time costs their name's layout
    ['score card, new member each time', () => renderScoreCard({ lang: 'ko', name: `새 멤버 ${++member}`, rank: member, points: member * 10, accuracy: member % 100, answered: member, streak: member % 7, bestStreak: 9, days })],
    ['score card', () => renderScoreCard({ lang: 'ko', name: '쿠버네티스 공부', rank: 2, points: 240, accuracy: 82, answered: 30, streak: 5, bestStreak: 9, days })],
    ['leaderboard (top 10)', () => renderLeaderboardCard({ lang: 'ko', title: '전체 순위', rows })],
    ['recap chart', () => participationChartPng('ko', ['월', '화', '수', '목', '금', '토', '일'], [5, 7, 3, 8, 6, 0, 4])],
  ];
  return pictures.map(([picture, render]) => {
    render(); // the first one reads the font files from disk
    const ms: number[] = [];
    let size = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      size = render().length;
      ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
    return { picture, runs, p50: at(0.5), p95: at(0.95), kb: Math.round(size / 1024) };
  });
}
