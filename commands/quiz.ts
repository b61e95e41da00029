import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { booleanOption, type Command, type CommandContext, guildOf, stringOption } from '../src/command.js';
import { t, type Lang, type Text } from '../src/i18n.js';
import { LETTERS } from '../src/quiz/bank.js';
import {
  bankForm,
  exportReply,
  importReply,
  newSubmissionForm,
  statsReply,
  queueButton,
  queueView,
  reportForm,
  requireReviewer,
  unknownQuestionReply,
} from '../src/quiz/bank-replies.js';
import { renderDailyQuiz, renderFeedback, renderQuestionCard } from '../src/quiz/render.js';
import { shownIndex } from '../src/quiz/shuffle.js';
import { localTime } from '../src/quiz/time.js';
import { COLORS, LIMITS, type Button, type Reply } from '../src/reply.js';

const MSG = {
  noneOpen: { ko: '지금 열린 퀴즈가 없어요.', en: 'No quiz is open right now.' },
  nextAt: { ko: '다음 퀴즈: 매일 {time} ({tz})', en: 'Next quiz: every day at {time} ({tz})' },
  notSetUp: {
    ko: '이 서버에는 아직 퀴즈 채널이 없어요. 관리자가 `/config channel`로 정할 수 있어요.',
    en: 'No quiz channel is set for this server yet. An admin can set one with `/config channel`.',
  },
  youAnswered: { ko: '이미 답했어요: {letter}', en: 'You already answered: {letter}' },
  already: {
    ko: '이미 답했어요 ({letter}). 첫 답만 인정돼요.',
    en: 'You already answered ({letter}). Only the first answer counts.',
  },
  closed: {
    ko: '이 퀴즈는 마감됐어요. 답은 기록되지 않았어요.',
    en: 'This quiz is closed; your answer was not recorded.',
  },
  notCurrent: {
    ko:
      '오늘의 퀴즈가 아니에요. 답은 기록되지 않았어요. ' +
      '`/quiz today`로 지금 열린 퀴즈를 볼 수 있어요.',
    en: "That is not today's quiz; nothing was recorded. `/quiz today` shows the open one.",
  },
  invalid: { ko: '이 버튼은 더 이상 쓸 수 없어요.', en: 'This button no longer works.' },
  points: { ko: '+{points}점 · 연속 정답 {streak}회', en: '+{points} points · streak {streak}' },
  wrongStreak: {
    ko: '연속 기록이 끊겼어요. 이 문제는 복습 목록에 들어갔어요 (`/review start`).',
    en: 'Streak reset. This question went into your review deck (`/review start`).',
  },
  practiceTitle: { ko: '연습 문제', en: 'Practice' },
  practiceNone: { ko: '`{tag}` 태그가 붙은 문제가 없어요.', en: 'No questions tagged `{tag}`.' },
  emptyBank: { ko: '문제 은행이 비어 있어요.', en: 'The question bank is empty.' },
  practiceAlready: { ko: '이 문제는 이미 채점했어요.', en: 'This one was already graded.' },
  practiceGone: {
    ko: '이 문제는 더 이상 문제 은행에 없어요.',
    en: 'That question is no longer in the bank.',
  },
  practiceUnknown: {
    ko:
      '이 버튼은 내게 보여 준 연습 문제가 아니거나 기한이 지났어요. ' +
      '`/quiz practice`로 새 문제를 받으세요.',
    en: 'That is not a practice card shown to you, or it expired. `/quiz practice` gives you a new one.',
  },
  practiceDeck: {
    ko:
      '이 문제는 복습 목록에 들어갔어요 (`/review start`). ' +
      '(연습 점수는 오늘의 퀴즈 순위와 따로 집계돼요.)',
    en: 'This question went into your review deck (`/review start`). (Practice is scored apart from the daily board.)',
  },
  another: { ko: '다른 문제', en: 'Another one' },
  posted: { ko: '오늘의 퀴즈를 <#{channel}>에 올렸어요.', en: "Today's quiz is posted in <#{channel}>." },
  alreadyPosted: {
    ko: '오늘({date}) 퀴즈는 이미 올라갔어요. 하루에 한 번만 올려요.',
    en: "Today's ({date}) quiz was already posted; there is one a day.",
  },
  noChannel: {
    ko: '퀴즈 채널이 없어요. 먼저 `/config channel`로 정하세요.',
    en: 'No quiz channel yet. Set one with `/config channel` first.',
  },
  postFailed: {
    ko: '올리지 못했어요 ({error}). 1분마다 다시 시도해요.',
    en: 'Posting failed ({error}); it will be retried every minute.',
  },
  closedNow: {
    ko: '{date} 퀴즈를 마감했어요. 정답과 응답 분포가 공개됐어요.',
    en: 'Closed the {date} quiz; the answer and the distribution are shown.',
  },
  closeFailed: {
    ko: '마감은 기록됐지만 메시지를 고치지 못했어요 ({error}). 다음 틱에 다시 시도해요.',
    en: 'Closed, but the message could not be edited ({error}); the next tick retries.',
  },
  noneToClose: { ko: '마감할 열린 퀴즈가 없어요.', en: 'There is no open quiz to close.' },
} satisfies Record<string, Text>;

const note = (lang: Lang, text: Text, vars: Record<string, string | number> = {}): Reply => ({
  content: t(lang, text, vars),
  ephemeral: true,
});

async function practiceCard(
  ctx: CommandContext,
  guildId: string,
  tag: string | undefined,
  avoid?: string,
): Promise<Reply> {
  const quiz = ctx.app.quiz;
  const picked = await quiz.service.practice(guildId, ctx.userId, tag, avoid);
  if (!picked) return note(ctx.lang, tag ? MSG.practiceNone : MSG.emptyBank, { tag: tag ?? '' });
  const { question, nonce, order } = picked;
  const base = `quiz:p:${question.id}:${nonce}`;
  // the tag rides along (for "another one") when it fits in the 100-character custom id
  const tail = tag && `${base}:0:${tag}`.length <= LIMITS.customId ? `:${tag}` : '';
  const title = `${t(ctx.lang, MSG.practiceTitle)}${tag ? ` · #${tag}` : ''}`;
  return renderQuestionCard(question, title, (i) => `${base}:${i}${tail}`, order);
}

async function today(ctx: CommandContext, guildId: string): Promise<Reply> {
  const quiz = ctx.app.quiz;
  const settings = quiz.service.settings(guildId);
  const open = quiz.service.openQuiz(guildId);
  const question = open && quiz.service.questionIn(guildId, open.questionId);
  if (!open || !question || open.openUntil === null) {
    const next = settings.channelId
      ? t(ctx.lang, MSG.nextAt, { time: settings.postTime, tz: settings.timezone })
      : t(ctx.lang, MSG.notSetUp);
    return note(ctx.lang, { ko: `${MSG.noneOpen.ko}\n${next}`, en: `${MSG.noneOpen.en}\n${next}` });
  }
  const reply = renderDailyQuiz(
    question,
    {
      quizId: open.quizId,
      seq: open.seq ?? 0,
      openUntil: open.openUntil,
      timezone: settings.timezone,
      closeLabel: localTime(new Date(open.openUntil), settings.timezone).time,
      order: open.order,
    },
    ctx.lang,
  );
  const mine = (await quiz.service.userRecord(guildId, ctx.userId)).daily[open.quizId];
  const letter = mine === undefined ? undefined : LETTERS[shownIndex(mine, open.choiceCount, open.order)];
  return {
    ...reply,
    ephemeral: true,
    ...(mine !== undefined ? { content: t(ctx.lang, MSG.youAnswered, { letter: letter ?? '?' }) } : {}),
  };
}

async function answerDaily(ctx: CommandContext, guildId: string, quizId: string, choice: number): Promise<Reply> {
  const outcome = await ctx.app.quiz.service.answerDaily(guildId, ctx.userId, quizId, choice);
  // buttons carry the bank's choice index; letters are named as the quiz showed them
  const posted = ctx.app.quiz.service.schedule(guildId).quizzes.find((q) => q.quizId === quizId);
  const shownLetter = (bankChoice: number) =>
    LETTERS[posted ? shownIndex(bankChoice, posted.choiceCount, posted.order) : bankChoice] ?? '?';
  switch (outcome.kind) {
    case 'recorded': {
      const extra = outcome.correct
        ? t(ctx.lang, MSG.points, { points: outcome.points, streak: outcome.streak })
        : t(ctx.lang, MSG.wrongStreak);
      if (!outcome.question)
        return note(ctx.lang, {
          ko: `${shownLetter(outcome.answer)} · ${extra}`,
          en: `${shownLetter(outcome.answer)} · ${extra}`,
        });
      return {
        ephemeral: true,
        embeds: [renderFeedback(ctx.lang, outcome.question, outcome.choice, [extra], posted?.order)],
      };
    }
    case 'already':
      return note(ctx.lang, MSG.already, { letter: shownLetter(outcome.choice) });
    case 'closed':
      return note(ctx.lang, MSG.closed);
    case 'not-current':
      return note(ctx.lang, MSG.notCurrent);
    case 'invalid':
      return note(ctx.lang, MSG.invalid);
  }
}

async function answerPractice(ctx: CommandContext, guildId: string, args: string[]): Promise<Reply> {
  const [questionId = '', nonce = '', choiceText = '', tag] = args;
  const outcome = await ctx.app.quiz.service.answerPractice(
    guildId,
    ctx.userId,
    questionId,
    nonce,
    Number(choiceText),
  );
  if (outcome.kind === 'already') return note(ctx.lang, MSG.practiceAlready);
  if (outcome.kind === 'gone') return note(ctx.lang, MSG.practiceGone);
  if (outcome.kind === 'unknown') return note(ctx.lang, MSG.practiceUnknown);
  const extra = outcome.correct ? [] : [t(ctx.lang, MSG.practiceDeck)];
  // the answered question rides along so "another one" draws a different one
  const more: Button = {
    id: `quiz:more:${tag ?? ''}:${questionId}`.slice(0, LIMITS.customId),
    label: t(ctx.lang, MSG.another),
    style: 'secondary',
  };
  // replaces the card: its buttons disappear, so it cannot be answered twice
  return {
    update: true,
    ephemeral: true,
    embeds: [renderFeedback(ctx.lang, outcome.question, outcome.choice, extra, outcome.order)],
    buttons: [[more]],
  };
}

export const command = {
  data: new SlashCommandBuilder()
    .setName('quiz')
    .setDescription('Daily quiz and practice questions')
    .setDescriptionLocalizations({ ko: '오늘의 퀴즈와 연습 문제' })
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('today')
        .setDescription("Show today's open quiz (only to you)")
        .setDescriptionLocalizations({ ko: '지금 열린 오늘의 퀴즈 보기 (나만 보기)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('practice')
        .setDescription('A random question just for you, scored apart from the daily board')
        .setDescriptionLocalizations({ ko: '나만 보는 연습 문제 (오늘의 퀴즈 점수와 별도)' })
        .addStringOption((o) =>
          o
            .setName('tag')
            .setNameLocalizations({ ko: '태그' })
            .setDescription('Topic tag, e.g. pod')
            .setDescriptionLocalizations({ ko: '주제 태그 (예: pod)' })
            .setMaxLength(40)
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('submit')
        .setDescription("Propose a question for this server's bank (a reviewer decides)")
        .setDescriptionLocalizations({ ko: '이 서버 문제 은행에 문제 제안하기 (검토자가 결정)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('queue')
        .setDescription('Review submitted and reported questions, one at a time (reviewers)')
        .setDescriptionLocalizations({ ko: '제안·신고된 문제를 하나씩 검토하기 (검토자)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription("Add questions from a YAML or CSV file to this server's bank (reviewers)")
        .setDescriptionLocalizations({ ko: 'YAML·CSV 파일의 문제를 서버 문제 은행에 추가 (검토자)' })
        .addAttachmentOption((o) =>
          o
            .setName('file')
            .setDescription('YAML (content format) or CSV, up to 1 MB')
            .setDescriptionLocalizations({ ko: 'YAML(콘텐츠 형식) 또는 CSV, 1MB까지' })
            .setRequired(true),
        )
        .addBooleanOption((o) =>
          o
            .setName('update')
            .setDescription('Replace questions whose id is already in the bank')
            .setDescriptionLocalizations({ ko: '이미 있는 id의 문제를 바꾸기' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('export')
        .setDescription("This server's own questions as YAML and CSV files (reviewers)")
        .setDescriptionLocalizations({ ko: '서버 문제를 YAML·CSV 파일로 내보내기 (검토자)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('stats')
        .setDescription('How questions fared: hardest ten, reports, participation by day (reviewers)')
        .setDescriptionLocalizations({ ko: '문제 통계: 어려운 문제, 신고, 날짜별 참여 (검토자)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('post-now')
        .setDescription("Post today's quiz now (admins)")
        .setDescriptionLocalizations({ ko: '오늘의 퀴즈를 지금 올리기 (관리자)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('close-now')
        .setDescription('Close the open quiz now (admins)')
        .setDescriptionLocalizations({ ko: '열린 퀴즈를 지금 마감하기 (관리자)' }),
    )
    .toJSON(),
  admin: ['post-now', 'close-now'],
  guildOnly: true,
  ephemeral: () => true,
  async execute(ctx) {
    const guildId = guildOf(ctx);
    const quiz = ctx.app.quiz;
    switch (ctx.subcommand) {
      case 'practice':
        return practiceCard(ctx, guildId, stringOption(ctx, 'tag')?.trim().toLowerCase() || undefined);
      case 'post-now': {
        const result = await quiz.scheduler.postNow(guildId);
        if (result.kind === 'posted')
          return {
            ...note(ctx.lang, MSG.posted, { channel: result.quiz.channelId }),
            embeds: [{ description: result.quiz.quizId, color: COLORS.success }],
          };
        if (result.kind === 'already') return note(ctx.lang, MSG.alreadyPosted, { date: result.date });
        if (result.kind === 'no-channel') return note(ctx.lang, MSG.noChannel);
        if (result.kind === 'empty-bank') return note(ctx.lang, MSG.emptyBank);
        return note(ctx.lang, MSG.postFailed, { error: result.error });
      }
      case 'submit':
        return { form: newSubmissionForm(ctx.lang) };
      case 'queue':
        return { ...queueView(ctx, requireReviewer(ctx)), update: false };
      case 'import':
        return importReply(ctx, stringOption(ctx, 'file'), booleanOption(ctx, 'update') ?? false);
      case 'export':
        return exportReply(ctx);
      case 'stats':
        return statsReply(ctx);
      case 'close-now': {
        const result = await quiz.scheduler.closeNow(guildId);
        if (result.kind === 'closed') return note(ctx.lang, MSG.closedNow, { date: result.quiz.quizId });
        if (result.kind === 'none') return note(ctx.lang, MSG.noneToClose);
        return note(ctx.lang, MSG.closeFailed, { error: result.error });
      }
      default:
        return today(ctx, guildId);
    }
  },
  autocomplete(ctx, focused) {
    const typed = focused.value.trim().toLowerCase();
    return ctx.app.quiz.service.questions
      .tags(guildOf(ctx))
      .filter((tag) => tag.includes(typed))
      .slice(0, LIMITS.choices)
      .map((tag) => ({ name: tag, value: tag }));
  },
  // quiz:a:<quizId>:<choice> (daily), quiz:p:<questionId>:<nonce>:<choice>[:<tag>] (practice),
  // quiz:more:[<tag>]:[<answered question>]
  async button(ctx, args) {
    const guildId = guildOf(ctx);
    const quiz = ctx.app.quiz;
    const [action, ...rest] = args;
    if (action === 'a') return answerDaily(ctx, guildId, rest[0] ?? '', Number(rest[1]));
    if (action === 'p') return answerPractice(ctx, guildId, rest);
    if (action === 'more')
      return { ...(await practiceCard(ctx, guildId, rest[0] || undefined, rest[1] || undefined)), update: true };
    if (action === 'q') return queueButton(ctx, rest[0] ?? '', rest[1] ?? '');
    if (action === 'report') {
      // quiz:report:<quizId>: the question of that daily quiz, whichever message the button sits on
      const posted = quiz.service.schedule(guildId).quizzes.find((q) => q.quizId === rest[0]);
      return posted ? { form: reportForm(ctx.lang, posted.questionId) } : unknownQuestionReply(ctx.lang);
    }
    return note(ctx.lang, MSG.invalid);
  },
  // quiz:submit, quiz:rep:<questionId> (members); quiz:qedit:<item>, quiz:qno:<item> (reviewers)
  form(ctx, args, values) {
    return bankForm(ctx, args, values);
  },
} satisfies Command;
