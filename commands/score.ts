import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { type Command, guildOf, stringOption, UserError } from '../src/command.js';
import { t, type Lang, type Text } from '../src/i18n.js';
import { accuracy } from '../src/quiz/scoring.js';
import type { ScoreView } from '../src/quiz/service.js';
import { activityDays } from '../src/habits/activity.js';
import { renderScoreCard } from '../src/images/cards.js';
import { localTime } from '../src/quiz/time.js';
import { COLORS, type Reply } from '../src/reply.js';

const MSG = {
  badUser: { ko: '사용자를 골라 주세요.', en: 'Pick a user.' },
  title: { ko: '퀴즈 점수', en: 'Quiz score' },
  points: { ko: '점수', en: 'Points' },
  accuracy: { ko: '정답률', en: 'Accuracy' },
  streak: { ko: '연속 정답', en: 'Streak' },
  week: { ko: '이번 주', en: 'This week' },
  month: { ko: '이번 달', en: 'This month' },
  practice: { ko: '연습 문제', en: 'Practice' },
  review: { ko: '복습 카드', en: 'Review deck' },
  pts: { ko: '{points}점', en: '{points} pts' },
  rank: { ko: '{rank}위', en: '#{rank}' },
  unranked: { ko: '순위 없음', en: 'unranked' },
  acc: { ko: '{acc}% ({correct}/{answered})', en: '{acc}% ({correct}/{answered})' },
  streakValue: { ko: '지금 {current}회 · 최고 {best}회', en: 'now {current} · best {best}' },
  reviewValue: { ko: '{size}장 · 지금 복습할 것 {due}장', en: '{size} cards · {due} due now' },
  nothing: { ko: '아직 푼 문제가 없어요.', en: 'No answers yet.' },
} satisfies Record<string, Text>;

const pct = (s: { answered: number; correct: number }) => Math.round(100 * accuracy(s));

export function renderScore(lang: Lang, userId: string, view: ScoreView, self: boolean): Reply {
  const r = view.record;
  const rank = (value: number | null) => (value === null ? t(lang, MSG.unranked) : t(lang, MSG.rank, { rank: value }));
  const period = (s: { points: number; answered: number; correct: number }, place: number | null) =>
    `${t(lang, MSG.pts, { points: s.points })} · ${rank(place)} · ${pct(s)}%`;
  return {
    ephemeral: true,
    embeds: [
      {
        title: t(lang, MSG.title),
        description: `<@${userId}>${r.answered === 0 && r.practice.answered === 0 ? `\n${t(lang, MSG.nothing)}` : ''}`,
        fields: [
          {
            name: t(lang, MSG.points),
            value: `${t(lang, MSG.pts, { points: r.points })} · ${rank(view.rank.all)}`,
            inline: true,
          },
          {
            name: t(lang, MSG.accuracy),
            value: t(lang, MSG.acc, { acc: pct(r), correct: r.correct, answered: r.answered }),
            inline: true,
          },
          {
            name: t(lang, MSG.streak),
            value: t(lang, MSG.streakValue, { current: view.streak, best: r.bestStreak }),
            inline: true,
          },
          { name: t(lang, MSG.week), value: period(view.week, view.rank.week), inline: true },
          { name: t(lang, MSG.month), value: period(view.month, view.rank.month), inline: true },
          {
            name: t(lang, MSG.practice),
            value: t(lang, MSG.acc, {
              acc: pct(r.practice),
              correct: r.practice.correct,
              answered: r.practice.answered,
            }),
            inline: true,
          },
          // someone else's review deck is their own business
          ...(self
            ? [
                {
                  name: t(lang, MSG.review),
                  value: t(lang, MSG.reviewValue, { size: view.deckSize, due: view.dueCount }),
                  inline: true,
                },
              ]
            : []),
        ],
        color: COLORS.info,
      },
    ],
  };
}

export const command = {
  data: new SlashCommandBuilder()
    .setName('score')
    .setDescription('Quiz points, accuracy and streak')
    .setDescriptionLocalizations({ ko: '퀴즈 점수, 정답률, 연속 정답' })
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) =>
      o
        .setName('user')
        .setNameLocalizations({ ko: '사용자' })
        .setDescription('Someone else (default: you)')
        .setDescriptionLocalizations({ ko: '다른 사람 (기본: 나)' }),
    )
    .toJSON(),
  guildOnly: true,
  ephemeral: () => true,
  async execute(ctx) {
    const guildId = guildOf(ctx);
    const raw = stringOption(ctx, 'user')?.trim();
    const userId = raw ? (/^<@!?(\d+)>$/.exec(raw)?.[1] ?? raw) : ctx.userId;
    if (!/^\d{1,20}$/.test(userId) && userId !== ctx.userId) throw new UserError(t(ctx.lang, MSG.badUser));
    const { service, clock, habits } = ctx.app.quiz;
    const view = await service.score(guildId, userId);
    const reply = renderScore(ctx.lang, userId, view, userId === ctx.userId);
    const today = localTime(clock(), service.settings(guildId).timezone).date;
    const r = view.record;
    const png = renderScoreCard({
      lang: ctx.lang,
      name: userId === ctx.userId ? ctx.userName : habits.name(guildId, userId),
      rank: view.rank.all,
      points: r.points,
      accuracy: pct(r),
      answered: r.answered,
      streak: view.streak,
      bestStreak: r.bestStreak,
      days: activityDays(r, service.schedule(guildId).quizzes, today),
    });
    return { ...reply, files: [{ name: 'score.png', data: png, description: t(ctx.lang, MSG.title) }] };
  },
} satisfies Command;
