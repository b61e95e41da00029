import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { type Command, type CommandContext, guildOf, stringOption, UserError } from '../src/command.js';
import { t, type Lang, type Text } from '../src/i18n.js';
import { accuracy } from '../src/quiz/scoring.js';
import { parsePeriod } from '../src/quiz/settings.js';
import type { LeaderboardView } from '../src/quiz/service.js';
import { renderLeaderboardCard } from '../src/images/cards.js';
import { COLORS, type Reply } from '../src/reply.js';

const MSG = {
  all: { ko: '전체 순위', en: 'All-time leaderboard' },
  week: { ko: '이번 주 순위 ({label})', en: 'This week ({label})' },
  month: { ko: '이번 달 순위 ({label})', en: 'This month ({label})' },
  row: {
    ko: '**{rank}위** <@{user}> — {points}점 · 정답률 {acc}% ({correct}/{answered})',
    en: '**#{rank}** <@{user}> — {points} pts · {acc}% ({correct}/{answered})',
  },
  empty: {
    ko: '아직 아무도 점수가 없어요. 오늘의 퀴즈에 답해 보세요!',
    en: 'Nobody has scored yet. Answer the daily quiz!',
  },
  me: {
    ko: '내 순위: **{rank}위** / {total}명 · {points}점 · 정답률 {acc}%',
    en: 'You: **#{rank}** of {total} · {points} pts · {acc}%',
  },
  meNone: { ko: '아직 이 기간에 순위가 없어요.', en: 'You are not ranked in this period yet.' },
  page: { ko: '{page}/{pages} 쪽', en: 'page {page}/{pages}' },
  prev: { ko: '◀ 이전', en: '◀ Prev' },
  next: { ko: '다음 ▶', en: 'Next ▶' },
} satisfies Record<string, Text>;

const percent = (s: { answered: number; correct: number }) => Math.round(100 * accuracy(s));

export function renderLeaderboard(lang: Lang, view: LeaderboardView): Reply {
  const lines = view.rows.map((r) =>
    t(lang, MSG.row, {
      rank: r.rank,
      user: r.userId,
      points: r.points,
      acc: percent(r),
      correct: r.correct,
      answered: r.answered,
    }),
  );
  const me = view.me
    ? t(lang, MSG.me, {
        rank: view.me.rank,
        total: view.total,
        points: view.me.entry.points,
        acc: percent(view.me.entry),
      })
    : t(lang, MSG.meNone);
  const id = (page: number) => `leaderboard:page:${view.period}:${page}`;
  return {
    ephemeral: true,
    embeds: [
      {
        title: t(lang, MSG[view.period], { label: view.label }),
        description: `${lines.length ? lines.join('\n') : t(lang, MSG.empty)}\n\n${me}`,
        footer: t(lang, MSG.page, { page: view.page, pages: view.pages }),
        color: COLORS.info,
      },
    ],
    buttons:
      view.pages > 1
        ? [
            [
              { id: id(view.page - 1), label: t(lang, MSG.prev), style: 'secondary', disabled: view.page <= 1 },
              {
                id: id(view.page + 1),
                label: t(lang, MSG.next),
                style: 'secondary',
                disabled: view.page >= view.pages,
              },
            ],
          ]
        : [],
  };
}

function show(ctx: CommandContext, periodText: string | undefined, page: number): Reply {
  const guildId = guildOf(ctx);
  const period = parsePeriod(periodText);
  if (!period.ok) throw new UserError(t(ctx.lang, period.reason));
  const view = ctx.app.quiz.service.leaderboard(guildId, period.value, page, ctx.userId);
  const reply = renderLeaderboard(ctx.lang, view);
  const title = reply.embeds?.[0]?.title ?? '';
  const png = renderLeaderboardCard({
    lang: ctx.lang,
    title,
    rows: view.rows.map((r) => ({
      rank: r.rank,
      name: r.userId === ctx.userId ? ctx.userName : ctx.app.quiz.habits.name(guildId, r.userId),
      points: r.points,
      accuracy: percent(r),
    })),
  });
  return { ...reply, files: [{ name: 'leaderboard.png', data: png, description: title }] };
}

export const command = {
  data: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('Daily quiz standings: top 10 and your rank')
    .setDescriptionLocalizations({ ko: '오늘의 퀴즈 순위: 상위 10명과 내 순위' })
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('period')
        .setNameLocalizations({ ko: '기간' })
        .setDescription('all time, this week or this month')
        .setDescriptionLocalizations({ ko: '전체, 이번 주, 이번 달' })
        .addChoices(
          { name: 'all time', name_localizations: { ko: '전체' }, value: 'all' },
          { name: 'this week', name_localizations: { ko: '이번 주' }, value: 'week' },
          { name: 'this month', name_localizations: { ko: '이번 달' }, value: 'month' },
        ),
    )
    .toJSON(),
  guildOnly: true,
  ephemeral: () => true,
  async execute(ctx) {
    return show(ctx, stringOption(ctx, 'period'), 1);
  },
  // leaderboard:page:<period>:<page>
  async button(ctx, [, period, page]) {
    // a refusal (a thrown UserError) is a reply of its own; it never replaces the board
    return { ...show(ctx, period ?? '', Number(page) || 1), update: true };
  },
} satisfies Command;
