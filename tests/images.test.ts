import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createScreen } from '../src/console/console.js';
import { activityDays } from '../src/habits/activity.js';
import { leaderboardCardSvg, renderLeaderboardCard, renderScoreCard, scoreCardSvg } from '../src/images/cards.js';
import { escapeXml, FONT_FAMILY, svgText, svgToPng } from '../src/images/png.js';
import { emptyUser } from '../src/store/records.js';
import { decodePng, differentPixels } from './png.js';

const label = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="#000"/>` +
  `<text x="10" y="42" font-family="${FONT_FAMILY}" font-size="32" fill="#fff">${escapeXml(text)}</text></svg>`;

const days = Array.from({ length: 30 }, (_, i) => ({
  date: `2026-03-${String(i + 1).padStart(2, '0')}`,
  mark: (['correct', 'wrong', 'answered', 'none'] as const)[i % 4]!,
}));

describe('pictures', () => {
  it('renders Korean text with the shipped font (a Korean-only label draws glyphs, no text draws none)', () => {
    const korean = decodePng(svgToPng(label('복습 카드')));
    const empty = decodePng(svgToPng(label('')));
    expect([korean.width, korean.height]).toEqual([240, 60]);
    expect(differentPixels(empty)).toBe(0);
    expect(differentPixels(korean)).toBeGreaterThan(500);
  });

  it('draws a score card of the right size that is not blank', () => {
    const png = renderScoreCard({
      lang: 'ko',
      name: '쿠버네티스 공부하는 사람',
      rank: 3,
      points: 120,
      accuracy: 75,
      answered: 16,
      streak: 4,
      bestStreak: 7,
      days,
    });
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([800, 340]);
    expect(differentPixels(image, 400, 330)).toBeGreaterThan(20_000);
    // the strip's first cell (a right answer) is green, the fourth (no answer) is not
    const [r, g] = image.pixel(42, 262);
    expect(g).toBeGreaterThan(r! + 40);
  });

  it('draws the top ten, one row per member', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, name: `멤버 ${i + 1}`, points: 100 - i * 10, accuracy: 90 - i }));
    const ten = decodePng(renderLeaderboardCard({ lang: 'ko', title: '전체 순위', rows }));
    const three = decodePng(renderLeaderboardCard({ lang: 'ko', title: '전체 순위', rows: rows.slice(0, 3) }));
    expect(ten.width).toBe(800);
    expect(ten.height).toBe(84 + 10 * 44 + 24);
    expect(three.height).toBe(84 + 3 * 44 + 24);
    expect(differentPixels(ten, 400, ten.height - 5)).toBeGreaterThan(differentPixels(three, 400, three.height - 5));
  });

  it('escapes member names into the SVG and limits their length', () => {
    const hostile = `</text><script>alert(1)</script>&${'가'.repeat(200)}`;
    expect(svgText(hostile, 28)).toBe('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/sc…');
    expect(escapeXml('"a" & \u0007b \'c\'')).toBe('&quot;a&quot; &amp; b &apos;c&apos;');
    expect(svgText('한글'.repeat(10), 5)).toBe('한글한글…');
    const card = (name: string) => scoreCardSvg({ lang: 'en', name, rank: null, points: 0, accuracy: 0, answered: 0, streak: 0, bestStreak: 0, days: [] });
    const svg = card(hostile);
    expect(svg).not.toMatch(/<script|<\/text>/);
    // the name is drawn (as outlines): a different name draws differently, the same name the same
    expect(card('앨리스')).not.toBe(card('밥'));
    expect(card('앨리스')).toBe(card('앨리스'));
    const board = leaderboardCardSvg({ lang: 'en', title: 'x', rows: [{ rank: 1, name: '"a" & \u0007b', points: 1, accuracy: 100 }] });
    expect(board).not.toContain('\u0007');
    // still pictures resvg can read
    expect(decodePng(svgToPng(svg)).width).toBe(800);
    expect(decodePng(svgToPng(board)).width).toBe(800);
  });

  it('marks each of the last 30 days from the member record', () => {
    const rec = { ...emptyUser(), daily: { '2026-03-10': 1, '2026-03-11': 0, '2026-02-01': 2 } };
    const quiz = (quizId: string) => ({ quizId, answer: 1 }) as never;
    const marks = activityDays(rec, [quiz('2026-03-10'), quiz('2026-03-11')], '2026-03-12');
    expect(marks).toHaveLength(30);
    expect(marks.at(-1)).toEqual({ date: '2026-03-12', mark: 'none' });
    expect(marks.at(-2)).toEqual({ date: '2026-03-11', mark: 'wrong' });
    expect(marks.at(-3)).toEqual({ date: '2026-03-10', mark: 'correct' });
    expect(marks[0]!.date).toBe('2026-02-11');
    const older = activityDays({ ...emptyUser(), daily: { '2026-03-01': 3 } }, [], '2026-03-12');
    expect(older.find((d) => d.date === '2026-03-01')?.mark).toBe('answered');
  });
});

describe('the console and pictures', () => {
  it('prints the text, writes each picture to a file and prints its absolute path', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const png = svgToPng(label('점수'));
    const dir = mkdtempSync(join(tmpdir(), 'studybot-images-test-'));
    createScreen(sink, false, dir).show({ content: '점수 카드', files: [{ name: 'score.png', data: png }, { name: '../../etc/x.png', data: png }] });
    const paths = [...out.matchAll(/\(image: (.+)\)/g)].map((m) => m[1]!);
    expect(out.startsWith('점수 카드\n')).toBe(true);
    expect(paths).toHaveLength(2);
    for (const path of paths) {
      expect(isAbsolute(path)).toBe(true);
      expect(readFileSync(path).equals(png)).toBe(true);
    }
    expect(paths[0]).toMatch(/score-\d+-1\.png$/);
    // a file name never leaves the console's image folder
    expect(paths.map((p) => dirname(p))).toEqual([dir, dir]);
    rmSync(dir, { recursive: true, force: true });
  });
});
