import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { type Command, type CommandContext, guildOf, stringOption, UserError } from '../src/command.js';
import { cardCheck, cramDeck } from '../src/habits/cram.js';
import { t, type Text } from '../src/i18n.js';
import { renderFeedback, renderQuestionCard } from '../src/quiz/render.js';
import { parsePostTime, parseTimeZone, timeZoneNames } from '../src/quiz/settings.js';
import { shuffleOrder } from '../src/quiz/shuffle.js';
import { COLORS, LIMITS, type Reply } from '../src/reply.js';

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
  dmClosed: {
    ko: 'ℹ️ DM을 받을 수 없어서 복습 알림을 껐어요. DM을 허용한 뒤 `/review remind state:on time:HH:MM`으로 다시 켜세요.',
    en: 'ℹ️ Review reminders were turned off: your DMs are closed to the bot. Allow DMs, then `/review remind state:on time:HH:MM`.',
  },
  cramTitle: { ko: '벼락치기 {pos}/{total}', en: 'Cram {pos}/{total}' },
  cramTagTitle: { ko: '벼락치기 #{tag} {pos}/{total}', en: 'Cram #{tag} {pos}/{total}' },
  cramEmpty: {
    ko: '복습 카드가 없어요. 틀린 문제가 생기면 카드가 돼요.',
    en: 'Your review deck is empty: questions you get wrong become cards.',
  },
  cramNoTag: { ko: '`#{tag}` 태그가 붙은 카드가 없어요.', en: 'No card has the tag `#{tag}`.' },
  cramNote: {
    ko: '벼락치기는 복습 일정을 바꾸지 않아요.',
    en: 'Cramming does not change your review schedule.',
  },
  cramDone: { ko: '벼락치기 끝! {right}/{total} 정답', en: 'Cram done! {right}/{total} right' },
  cramDoneBody: {
    ko: '정답률 {pct}% · 복습 일정은 그대로예요. 지금 복습할 카드는 {due}장이에요 (`/review start`).',
    en: '{pct}% right · your review schedule is unchanged. {due} card(s) are due now (`/review start`).',
  },
  cramChanged: {
    ko: '그사이 복습 카드가 바뀌었어요. `/review cram`으로 다시 시작하세요.',
    en: 'Your deck changed in the meantime. Start again with `/review cram`.',
  },
  otherShard: {
    ko: '여기서는 이 서버의 복습을 열 수 없어요. 서버에서 `/review start`를 쓰세요.',
    en: "This server's review cannot be opened here. Use `/review start` in the server.",
  },
  remindOn: {
    ko: '복습 알림을 켰어요: 매일 {time} ({zone}), 복습할 카드가 있으면 DM으로 알려 드려요.',
    en: 'Review reminders on: every day at {time} ({zone}), a DM when you have cards due.',
  },
  remindOff: { ko: '복습 알림을 껐어요.', en: 'Review reminders off.' },
  remindNeedTime: {
    ko: '알림 시각을 HH:MM으로 정해 주세요 (예: `/review remind state:on time:21:00`).',
    en: 'Give the reminder time as HH:MM (e.g. `/review remind state:on time:21:00`).',
  },
  badState: { ko: '`{value}`: on 또는 off로 입력하세요.', en: '`{value}`: use on or off.' },
  refused: { ko: '바꾸지 않았어요: {reason}', en: 'Not changed: {reason}' },
} satisfies Record<string, Text>;

// ---- review (due cards) --------------------------------------------------------

/**
 * The next due card. `dmGuild`: the review runs in a DM (from a reminder), so
 * every button names its server (`review:da:…:<guild>`, `review:dn:<guild>`).
 */
async function nextCard(ctx: CommandContext, dmGuild?: string): Promise<Reply> {
  const guildId = guildOf(ctx);
  const next = await ctx.app.quiz.service.nextReview(guildId, ctx.userId);
  const reminder = ctx.app.quiz.habits.reminder(guildId, ctx.userId);
  const note = reminder?.offReason === 'dm-closed' ? t(ctx.lang, MSG.dmClosed) : undefined;
  if (next.kind === 'none') {
    const detail =
      next.nextDue === null
        ? t(ctx.lang, MSG.empty)
        : t(ctx.lang, MSG.nextDue, { size: next.deckSize, at: Math.ceil(next.nextDue / 1000) });
    return {
      ephemeral: true,
      content: note,
      embeds: [{ title: t(ctx.lang, MSG.none), description: detail, color: COLORS.success }],
    };
  }
  const { question, reps } = next;
  const card = renderQuestionCard(
    question,
    t(ctx.lang, MSG.title, { due: next.dueCount }),
    (i) => (dmGuild ? `review:da:${question.id}:${reps}:${i}:${dmGuild}` : `review:a:${question.id}:${reps}:${i}`),
    reviewOrder(ctx.userId, question.id, reps, question.choices.length),
  );
  return { ...card, content: note };
}

async function gradeCard(
  ctx: CommandContext,
  [questionId = '', reps = '', choice = '']: string[],
  dmGuild?: string,
): Promise<Reply> {
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
    buttons: [
      [{ id: dmGuild ? `review:dn:${dmGuild}` : 'review:next', label: t(ctx.lang, MSG.next), style: 'primary' }],
    ],
  };
}

// ---- cram ---------------------------------------------------------------------

// review:ca:<pos>:<right>:<check>:<choice>:<tag>  and  review:cn:<pos>:<right>:<tag>  (the tag last: it may hold ':')
const cramAnswerId = (pos: number, right: number, check: string, choice: number, tag: string) =>
  `review:ca:${pos}:${right}:${check}:${choice}:${tag}`;

async function cramCard(ctx: CommandContext, tag: string, pos: number, right: number): Promise<Reply> {
  const { service } = ctx.app.quiz;
  const guildId = guildOf(ctx);
  const rec = await service.userRecord(guildId, ctx.userId);
  const deck = cramDeck(rec, (id) => service.questionIn(guildId, id), tag || undefined);
  if (deck.length === 0) {
    const text = tag ? t(ctx.lang, MSG.cramNoTag, { tag }) : t(ctx.lang, MSG.cramEmpty);
    return { ephemeral: true, content: text };
  }
  if (pos >= deck.length) {
    const next = await service.nextReview(guildId, ctx.userId);
    const dueCount = next.kind === 'due' ? next.dueCount : 0;
    return {
      ephemeral: true,
      embeds: [
        {
          title: t(ctx.lang, MSG.cramDone, { right, total: deck.length }),
          description: t(ctx.lang, MSG.cramDoneBody, {
            pct: Math.round((100 * right) / deck.length),
            due: dueCount,
          }),
          color: COLORS.success,
        },
      ],
    };
  }
  const question = deck[pos]!;
  const title = tag
    ? t(ctx.lang, MSG.cramTagTitle, { tag, pos: pos + 1, total: deck.length })
    : t(ctx.lang, MSG.cramTitle, { pos: pos + 1, total: deck.length });
  const card = renderQuestionCard(
    question,
    title,
    (i) => cramAnswerId(pos, right, cardCheck(question.id), i, tag),
    cramOrder(ctx.userId, question.id, pos, question.choices.length),
  );
  return pos === 0 ? { ...card, content: t(ctx.lang, MSG.cramNote) } : card;
}

async function cramAnswer(ctx: CommandContext, args: string[]): Promise<Reply> {
  const [posText = '', rightText = '', check = '', choiceText = '', ...tagParts] = args;
  const tag = tagParts.join(':');
  const pos = Number(posText);
  const right = Number(rightText);
  const choice = Number(choiceText);
  const { service } = ctx.app.quiz;
  const guildId = guildOf(ctx);
  const rec = await service.userRecord(guildId, ctx.userId);
  const question = cramDeck(rec, (id) => service.questionIn(guildId, id), tag || undefined)[pos];
  if (!question || cardCheck(question.id) !== check || !Number.isInteger(choice) || choice < 0 || choice >= question.choices.length)
    return { ephemeral: true, content: t(ctx.lang, MSG.cramChanged) };
  // graded here and shown, never stored: the FSRS card stays as it was
  const nowRight = right + (choice === question.answer ? 1 : 0);
  return {
    update: true,
    ephemeral: true,
    embeds: [renderFeedback(ctx.lang, question, choice, [], cramOrder(ctx.userId, question.id, pos, question.choices.length))],
    buttons: [[{ id: `review:cn:${pos + 1}:${nowRight}:${tag}`, label: t(ctx.lang, MSG.next), style: 'primary' }]],
  };
}

// ---- reminders ------------------------------------------------------------------

async function remind(ctx: CommandContext): Promise<Reply> {
  const guildId = guildOf(ctx);
  const habits = ctx.app.quiz.habits;
  const state = (stringOption(ctx, 'state') ?? '').trim().toLowerCase();
  const refuse = (reason: string): never => {
    throw new UserError(t(ctx.lang, MSG.refused, { reason }));
  };
  if (['off', 'false', '끄기', 'no'].includes(state)) {
    await habits.reminderOff(guildId, ctx.userId);
    ctx.log.info('review reminder off');
    return { ephemeral: true, content: t(ctx.lang, MSG.remindOff) };
  }
  if (!['on', 'true', '켜기', 'yes'].includes(state))
    return refuse(t(ctx.lang, MSG.badState, { value: state.replace(/`/g, '').slice(0, 20) }));
  const timeText = stringOption(ctx, 'time') ?? habits.reminder(guildId, ctx.userId)?.time;
  if (!timeText) return refuse(t(ctx.lang, MSG.remindNeedTime));
  const time = parsePostTime(timeText);
  if (!time.ok) return refuse(t(ctx.lang, time.reason));
  const zoneText = stringOption(ctx, 'timezone');
  const zone = zoneText === undefined ? { ok: true as const, value: null } : parseTimeZone(zoneText);
  if (!zone.ok) return refuse(t(ctx.lang, zone.reason));
  await habits.setReminder(guildId, ctx.userId, time.value, zone.value);
  ctx.log.info({ time: time.value, timezone: zone.value }, 'review reminder on');
  const shownZone = zone.value ?? ctx.app.quiz.service.settings(guildId).timezone;
  return { ephemeral: true, content: t(ctx.lang, MSG.remindOn, { time: time.value, zone: shownZone }) };
}

/** review:dm / review:da / review:dn are pressed in a DM: their last part is the server. */
const DM_ACTIONS = ['dm', 'da', 'dn'];
/**
 * A review card's choice order: drawn from what its buttons carry (member, question, review
 * count), so it is the same after a restart without storing it, and new at each review.
 */
const reviewOrder = (userId: string, questionId: string, reps: number, count: number) =>
  shuffleOrder(count, `review:${userId}:${questionId}:${reps}`);

/** A cram card's choice order, drawn from what its buttons carry like a review card's. */
const cramOrder = (userId: string, questionId: string, pos: number, count: number) =>
  shuffleOrder(count, `cram:${userId}:${questionId}:${pos}`);

export const command = {
  data: new SlashCommandBuilder()
    .setName('review')
    .setDescription('Review the questions you got wrong (spaced repetition), cram, reminders')
    .setDescriptionLocalizations({ ko: '틀린 문제 복습 (간격 반복), 벼락치기, 복습 알림' })
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('start')
        .setDescription('The cards due now')
        .setDescriptionLocalizations({ ko: '지금 복습할 카드' }),
    )
    .addSubcommand((s) =>
      s
        .setName('cram')
        .setDescription('All your cards (or one tag), due or not; your schedule stays as it is')
        .setDescriptionLocalizations({ ko: '모든 카드 (또는 태그 하나) 벼락치기: 복습 일정은 그대로' })
        .addStringOption((o) =>
          o
            .setName('tag')
            .setNameLocalizations({ ko: '태그' })
            .setDescription('Only cards with this tag')
            .setDescriptionLocalizations({ ko: '이 태그가 붙은 카드만' })
            .setMaxLength(40)
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('remind')
        .setDescription('A daily DM when you have cards due')
        .setDescriptionLocalizations({ ko: '복습할 카드가 있으면 매일 DM으로 알림' })
        .addStringOption((o) =>
          o
            .setName('state')
            .setNameLocalizations({ ko: '상태' })
            .setDescription('on or off')
            .setDescriptionLocalizations({ ko: '켜기/끄기' })
            .setRequired(true)
            .addChoices(
              { name: 'on', name_localizations: { ko: '켜기' }, value: 'on' },
              { name: 'off', name_localizations: { ko: '끄기' }, value: 'off' },
            ),
        )
        .addStringOption((o) =>
          o
            .setName('time')
            .setNameLocalizations({ ko: '시각' })
            .setDescription('HH:MM, e.g. 21:00')
            .setDescriptionLocalizations({ ko: 'HH:MM (예: 21:00)' })
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setNameLocalizations({ ko: '시간대' })
            .setDescription("Your IANA time zone (default: the server's)")
            .setDescriptionLocalizations({ ko: '내 IANA 시간대 (기본: 서버 시간대)' })
            .setMaxLength(64)
            .setAutocomplete(true),
        ),
    )
    .toJSON(),
  guildOnly: true,
  ephemeral: () => true,
  async execute(ctx) {
    if (ctx.subcommand === 'cram') return cramCard(ctx, (stringOption(ctx, 'tag') ?? '').trim().toLowerCase().slice(0, 40), 0, 0);
    if (ctx.subcommand === 'remind') return remind(ctx);
    return nextCard(ctx);
  },
  autocomplete(ctx, focused) {
    const typed = focused.value.trim().toLowerCase();
    const names = focused.name === 'timezone' ? timeZoneNames() : ctx.app.quiz.service.tags();
    return names
      .filter((name) => name.toLowerCase().includes(typed))
      .slice(0, LIMITS.choices)
      .map((name) => ({ name, value: name }));
  },
  buttonGuild: (args) => (DM_ACTIONS.includes(args[0] ?? '') && /^\d{17,20}$/.test(args.at(-1) ?? '') ? args.at(-1) : undefined),
  // review:a:<questionId>:<reps>:<choice>, review:next, review:ca:…, review:cn:…, and from a reminder DM
  // review:dm:<guild>, review:da:<questionId>:<reps>:<choice>:<guild>, review:dn:<guild>
  async button(ctx, [action, ...args]) {
    // with shards, DMs reach one shard: it answers only for servers it holds (one writer per record)
    if (DM_ACTIONS.includes(action ?? '') && !ctx.app.quiz.habits.owns(guildOf(ctx)))
      return { ephemeral: true, content: t(ctx.lang, MSG.otherShard) };
    switch (action) {
      case 'next':
        return { ...(await nextCard(ctx)), update: true };
      case 'dm':
        return nextCard(ctx, guildOf(ctx));
      case 'dn':
        return { ...(await nextCard(ctx, guildOf(ctx))), update: true };
      case 'da':
        return gradeCard(ctx, args, guildOf(ctx));
      case 'ca':
        return cramAnswer(ctx, args);
      case 'cn': {
        const [pos = '', right = '', ...tag] = args;
        return { ...(await cramCard(ctx, tag.join(':'), Number(pos) || 0, Number(right) || 0)), update: true };
      }
      default:
        return gradeCard(ctx, args);
    }
  },
} satisfies Command;
