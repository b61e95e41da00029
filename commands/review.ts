import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { type Command, type CommandContext, guildOf } from '../src/command.js';
import { t, type Text } from '../src/i18n.js';
import { renderFeedback, renderQuestionCard } from '../src/quiz/render.js';
import { shuffleOrder } from '../src/quiz/shuffle.js';
import { COLORS, type Reply } from '../src/reply.js';

const MSG = {
  title: { ko: '복습 · 남은 카드 {due}장', en: 'Review · {due} due' },
  none: { ko: '지금 복습할 카드가 없어요. 🎉', en: 'Nothing to review right now. 🎉' },
  empty: {
    ko: '틀린 문제가 생기면 여기서 다시 풀 수 있어요. `/quiz practice`로 연습해 보세요.',
    en: 'Questions you get wrong come back here. Try `/quiz practice`.',
  },
  nextDue: { ko: '카드 {size}장 · 다음 복습 <t:{at}:R>', en: '{size} cards · next due <t:{at}:R>' },
  again: { ko: '다음 복습 <t:{at}:R>', en: 'Next review <t:{at}:R>' },
  already: { ko: '이 카드는 이미 채점했어요.', en: 'This card was already graded.' },
  gone: { ko: '이 카드는 더 이상 없어요.', en: 'This card is gone.' },
  next: { ko: '다음 카드', en: 'Next card' },
} satisfies Record<string, Text>;

async function nextCard(ctx: CommandContext): Promise<Reply> {
  const next = await ctx.app.quiz.service.nextReview(guildOf(ctx), ctx.userId);
  if (next.kind === 'none') {
    const detail =
      next.nextDue === null
        ? t(ctx.lang, MSG.empty)
        : t(ctx.lang, MSG.nextDue, { size: next.deckSize, at: Math.ceil(next.nextDue / 1000) });
    return { ephemeral: true, embeds: [{ title: t(ctx.lang, MSG.none), description: detail, color: COLORS.success }] };
  }
  const { question, reps } = next;
  return renderQuestionCard(
    question,
    t(ctx.lang, MSG.title, { due: next.dueCount }),
    (i) => `review:a:${question.id}:${reps}:${i}`,
    reviewOrder(ctx.userId, question.id, reps, question.choices.length),
  );
}

/**
 * A review card's choice order: drawn from what its buttons carry (member, question, review
 * count), so it is the same after a restart without storing it, and new at each review.
 */
const reviewOrder = (userId: string, questionId: string, reps: number, count: number) =>
  shuffleOrder(count, `review:${userId}:${questionId}:${reps}`);

export const command = {
  data: new SlashCommandBuilder()
    .setName('review')
    .setDescription('Review the questions you got wrong (spaced repetition)')
    .setDescriptionLocalizations({ ko: '틀린 문제 복습하기 (간격 반복)' })
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  guildOnly: true,
  ephemeral: () => true,
  async execute(ctx) {
    return nextCard(ctx);
  },
  // review:a:<questionId>:<reps>:<choice>, review:next
  async button(ctx, [action, questionId = '', reps = '', choice = '']) {
    if (action === 'next') return { ...(await nextCard(ctx)), update: true };
    const outcome = await ctx.app.quiz.service.answerReview(
      guildOf(ctx),
      ctx.userId,
      questionId,
      Number(reps),
      Number(choice),
    );
    if (outcome.kind === 'already') return { content: t(ctx.lang, MSG.already), ephemeral: true };
    if (outcome.kind === 'gone') return { content: t(ctx.lang, MSG.gone), ephemeral: true };
    const extra = t(ctx.lang, MSG.again, { at: Math.ceil(outcome.nextDue / 1000) });
    return {
      update: true,
      ephemeral: true,
      embeds: [
        renderFeedback(
          ctx.lang,
          outcome.question,
          outcome.choice,
          [extra],
          reviewOrder(ctx.userId, questionId, Number(reps), outcome.question.choices.length),
        ),
      ],
      buttons: [[{ id: 'review:next', label: t(ctx.lang, MSG.next), style: 'primary' }]],
    };
  },
} satisfies Command;
