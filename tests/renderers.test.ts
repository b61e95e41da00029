/**
 * The quiz replies rendered from plain views, without a store or a router: /score's card,
 * /leaderboard's page, /config's settings and its "next quiz" line.
 */
import { describe, expect, it } from 'vitest';
import { showSettings } from '../commands/config.js';
import { renderLeaderboard } from '../commands/leaderboard.js';
import { renderScore } from '../commands/score.js';
import type { LeaderboardView, ScoreView } from '../src/quiz/service.js';
import { COLORS, type Reply } from '../src/reply.js';
import { emptyUser, type GuildSettings } from '../src/store/records.js';

const fieldsOf = (reply: Reply) => Object.fromEntries((reply.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));

describe('renderScore', () => {
  const view: ScoreView = {
    record: {
      ...emptyUser(),
      points: 120,
      answered: 5,
      correct: 4,
      bestStreak: 3,
      practice: { answered: 3, correct: 2, recent: [], open: [] },
    },
    streak: 2,
    week: { points: 30, answered: 2, correct: 1 },
    month: { points: 80, answered: 4, correct: 3 },
    rank: { all: 1, week: 4, month: null },
    dueCount: 2,
    deckSize: 5,
  };

  it("shows one's own card privately: points and rank, accuracy, streak, periods, practice, review deck", () => {
    const reply = renderScore('en', '42', view, true);
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.title).toBe('Quiz score');
    expect(reply.embeds?.[0]?.description).toBe('<@42>');
    expect(fieldsOf(reply)).toEqual({
      Points: '120 pts · #1',
      Accuracy: '80% (4/5)',
      Streak: 'now 2 · best 3',
      'This week': '30 pts · #4 · 50%',
      'This month': '80 pts · unranked · 75%',
      Practice: '67% (2/3)',
      'Review deck': '5 cards · 2 due now',
    });
  });

  it("leaves out someone else's review deck", () => {
    const fields = fieldsOf(renderScore('en', '42', view, false));
    expect(Object.keys(fields)).not.toContain('Review deck');
    expect(Object.keys(fields)).toHaveLength(6);
  });

  it('says so when nothing was answered yet, in Korean too', () => {
    const empty: ScoreView = { ...view, record: emptyUser(), streak: 0, rank: { all: null, week: null, month: null } };
    const reply = renderScore('ko', '42', empty, true);
    expect(reply.embeds?.[0]?.description).toBe('<@42>\n아직 푼 문제가 없어요.');
    expect(fieldsOf(reply)).toMatchObject({ 점수: '0점 · 순위 없음' });
    expect(fieldsOf(renderScore('ko', '42', view, true))).toMatchObject({ 점수: '120점 · 1위' });
  });
});

describe('renderLeaderboard', () => {
  const view: LeaderboardView = {
    period: 'week',
    label: '2024-W40',
    rows: [
      { userId: '1', points: 100, answered: 2, correct: 1, rank: 11 },
      { userId: '2', points: 100, answered: 4, correct: 2, rank: 11 },
    ],
    total: 25,
    page: 2,
    pages: 3,
    me: { rank: 12, entry: { userId: '9', points: 90, answered: 3, correct: 3 } },
  };

  it('lists the page, the caller\'s own rank, the page number and both page buttons', () => {
    const reply = renderLeaderboard('en', view);
    const embed = reply.embeds?.[0];
    expect(reply.ephemeral).toBe(true);
    expect(embed?.title).toBe('This week (2024-W40)');
    expect(embed?.description).toBe(
      [
        '**#11** <@1> — 100 pts · 50% (1/2)',
        '**#11** <@2> — 100 pts · 50% (2/4)',
        '',
        'You: **#12** of 25 · 90 pts · 100%',
      ].join('\n'),
    );
    expect(embed?.footer).toBe('page 2/3');
    expect(reply.buttons).toEqual([
      [
        { id: 'leaderboard:page:week:1', label: '◀ Prev', style: 'secondary', disabled: false },
        { id: 'leaderboard:page:week:3', label: 'Next ▶', style: 'secondary', disabled: false },
      ],
    ]);
  });

  it('disables the button past either end, and shows none for a single page', () => {
    const first = renderLeaderboard('en', { ...view, page: 1 }).buttons?.[0];
    expect(first?.map((b) => b.disabled)).toEqual([true, false]);
    const last = renderLeaderboard('en', { ...view, page: 3 }).buttons?.[0];
    expect(last?.map((b) => b.disabled)).toEqual([false, true]);
    expect(renderLeaderboard('en', { ...view, page: 1, pages: 1 }).buttons).toEqual([]);
  });

  it('says nobody scored yet and that the caller is unranked, in Korean', () => {
    const reply = renderLeaderboard('ko', { ...view, period: 'all', label: 'all', rows: [], total: 0, page: 1, pages: 1, me: null });
    expect(reply.embeds?.[0]?.title).toBe('전체 순위');
    expect(reply.embeds?.[0]?.description).toBe(
      '아직 아무도 점수가 없어요. 오늘의 퀴즈에 답해 보세요!\n\n아직 이 기간에 순위가 없어요.',
    );
  });
});

describe('showSettings', () => {
  const seoul: GuildSettings = { channelId: '123', postTime: '09:00', timezone: 'Asia/Seoul', openHours: 12, enabled: true, draw: 'both', reviewerRoleId: null, selfApprove: false };
  const at = (iso: string) => new Date(iso);
  const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

  it('shows every setting and, before the post time, today\'s quiz at the post time', () => {
    const reply = showSettings('en', seoul, null, at('2024-10-01T23:00:00Z')); // 08:00 in Seoul
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.description).toBeUndefined();
    expect(reply.embeds?.[0]?.color).toBe(COLORS.info);
    expect(fieldsOf(reply)).toEqual({
      Channel: '<#123>',
      'Post time': '09:00',
      'Time zone': 'Asia/Seoul',
      'Open for': '12 h',
      Enabled: 'on',
      'Weekly recap': 'off',
      'Questions from': "both (the server's own 0 first)",
      'Reviewer role': '(Manage Server only)',
      'Approve own submissions': 'off',
      'Next quiz': `2024-10-02 09:00 (Asia/Seoul) · <t:${unix('2024-10-02T00:00:00Z')}:R>`,
    });
  });

  it('after the post time of a day not done yet: now (the next tick)', () => {
    const reply = showSettings('en', seoul, '2024-10-01', at('2024-10-02T01:30:00Z')); // 10:30 in Seoul
    expect(fieldsOf(reply)['Next quiz']).toBe('2024-10-02 10:30 (Asia/Seoul)');
  });

  it('once today is done: tomorrow, and says changes apply from then', () => {
    const reply = showSettings('en', seoul, '2024-10-02', at('2024-10-02T01:30:00Z'), 'Saved.');
    expect(reply.embeds?.[0]?.description).toBe("Saved.\nToday's quiz is already done; changes apply from the next day.");
    expect(reply.embeds?.[0]?.color).toBe(COLORS.success);
    expect(fieldsOf(reply)['Next quiz']).toBe(`2024-10-03 09:00 (Asia/Seoul) · <t:${unix('2024-10-03T00:00:00Z')}:R>`);
  });

  it('names a post time skipped by daylight saving time and when it really posts', () => {
    const ny: GuildSettings = { ...seoul, timezone: 'America/New_York', postTime: '02:30' };
    // 2025-03-09 01:00 in New York; at 02:00 the clocks jump to 03:00
    const next = fieldsOf(showSettings('en', ny, null, at('2025-03-09T06:00:00Z')))['Next quiz'];
    expect(next).toMatch(/^2025-03-09 03:00 \(America\/New_York\) · <t:\d+:R>\n/);
    expect(next).toContain('02:30 does not exist that day (daylight saving time); it posts at 03:00');
  });

  it('without a channel or when off: says so and shows no next quiz', () => {
    const unset = fieldsOf(showSettings('ko', { ...seoul, channelId: null }, null, at('2024-10-01T23:00:00Z')));
    expect(unset).toMatchObject({ 채널: '(정하지 않음: 퀴즈가 올라가지 않아요)' });
    expect(unset['다음 퀴즈']).toBeUndefined();
    const off = fieldsOf(showSettings('en', { ...seoul, enabled: false }, null, at('2024-10-01T23:00:00Z')));
    expect(off.Enabled).toBe('off');
    expect(off['Next quiz']).toBeUndefined();
  });
});
