import { t, type Lang, type Text } from '../i18n.js';
import { COLORS, LIMITS, truncate, type Button, type Embed, type Reply } from '../reply.js';
import { LETTERS, type Question } from './bank.js';
import { orderFor, shownIndex, shownQuestion } from './shuffle.js';

/** A channel post is read by everyone, so it carries both languages; ephemeral replies use the caller's. */
export type RenderLang = Lang | 'both';

/**
 * Member text (a server's own questions) cannot restyle the post: block syntax at the start of
 * a line (headings, quotes, lists, small text) and masked links are escaped; inline code and
 * bold stay, since they cannot break the layout. Mentions are blocked by allowedMentions.
 */
export function escapeLayout(text: string): string {
  return text
    .replace(/^(\s*)(#{1,3}\s|-#\s|>|[-*+]\s|\d+\.\s)/gm, '$1\\$2')
    .replace(/\[([^\]\n]*)\]\(/g, '\\[$1\\](');
}

/** The question as shown: choices in order; a server's own question with its text made layout-safe. */
function displayed(q: Question, order: readonly number[] | undefined): Question {
  const shown = shownQuestion(q, order);
  if (q.file !== 'server') return shown;
  return {
    ...shown,
    question: escapeLayout(shown.question),
    choices: shown.choices.map(escapeLayout),
    explanation: escapeLayout(shown.explanation),
  };
}

export function say(lang: RenderLang, text: Text, vars: Record<string, string | number> = {}): string {
  return lang === 'both' ? `${t('ko', text, vars)} · ${t('en', text, vars)}` : t(lang, text, vars);
}

function choiceLines(q: Question, mark?: (i: number) => string): string {
  return q.choices.map((c, i) => `${mark ? mark(i) : ''}**${LETTERS[i]}.** ${c}`).join('\n');
}

/** Buttons A..E with custom ids made by `id(i)`; one row (at most 5 choices). */
export function choiceButtons(
  count: number,
  id: (i: number) => string,
  opts: { disabled?: boolean; correct?: number } = {},
): Button[][] {
  return [
    Array.from({ length: count }, (_, i) => ({
      id: id(i),
      label: LETTERS[i]!,
      style: opts.correct === i ? ('success' as const) : ('primary' as const),
      disabled: opts.disabled,
    })),
  ];
}

export const dailyAnswerId = (quizId: string, choice: number) => `quiz:a:${quizId}:${choice}`;

/** The report button under a daily quiz and its reveal: a form asks what is wrong. */
export function reportRow(quizId: string, lang: RenderLang): Button[] {
  return [{ id: `quiz:report:${quizId}`, label: say(lang, { ko: '신고', en: 'Report' }), style: 'secondary' }];
}

export interface DailyInfo {
  quizId: string;
  seq: number;
  /** epoch ms */
  openUntil: number;
  timezone: string;
  closeLabel: string;
  /** the order the choices are shown in (shuffle.ts); none: as in the bank */
  order?: readonly number[];
}

const dailyTitle: Text = { ko: '오늘의 퀴즈 #{seq}', en: 'Daily quiz #{seq}' };

/** The open quiz: the channel post, and /quiz today for someone who missed it. */
export function renderDailyQuiz(bankQuestion: Question, info: DailyInfo, lang: RenderLang): Reply {
  const order = orderFor(bankQuestion.choices.length, info.order);
  const q = displayed(bankQuestion, order);
  const embed: Embed = {
    title: truncate(say(lang, dailyTitle, { seq: info.seq }), LIMITS.embedTitle),
    description: truncate(`${q.question}\n\n${choiceLines(q)}`, LIMITS.embedDescription),
    footer: truncate(
      `${info.quizId} · ${info.closeLabel} (${info.timezone}) ${say(lang, { ko: '마감', en: 'closes' })} · ` +
        say(lang, { ko: '첫 답만 인정', en: 'first answer counts' }),
      2048,
    ),
    color: COLORS.info,
  };
  // each button carries the bank's choice index: the answer is kept against it
  const answers = choiceButtons(q.choices.length, (i) => dailyAnswerId(info.quizId, order[i]!));
  return { embeds: [embed], buttons: [...answers, reportRow(info.quizId, lang)] };
}

/** The closed quiz: buttons disabled, answer, explanation, source, distribution, number of people. */
export function renderClosedQuiz(
  bankQuestion: Question | undefined,
  stored: {
    quizId: string;
    seq: number;
    answer: number;
    choiceCount: number;
    tallies: number[];
    order?: readonly number[];
  },
  sourceLink?: (note: string, section: string) => string | undefined,
): Reply {
  const lang: RenderLang = 'both';
  // answer and tallies are stored against the bank's choice indexes; shown in the order the quiz was posted with
  const order = orderFor(stored.choiceCount, stored.order);
  const info = {
    ...stored,
    answer: order.indexOf(stored.answer),
    tallies: order.map((i) => stored.tallies[i] ?? 0),
  };
  // a question whose choices changed since it was posted closes with the letter only
  const q =
    bankQuestion && bankQuestion.choices.length === stored.choiceCount ? displayed(bankQuestion, order) : undefined;
  const total = info.tallies.reduce((a, b) => a + b, 0);
  const share = (i: number) => {
    const n = info.tallies[i] ?? 0;
    return `${n} (${total === 0 ? 0 : Math.round((100 * n) / total)}%)`;
  };
  const title = truncate(
    `${say(lang, dailyTitle, { seq: info.seq })} — ${say(lang, { ko: '마감', en: 'closed' })}`,
    LIMITS.embedTitle,
  );
  const buttons = [
    ...choiceButtons(info.choiceCount, (i) => dailyAnswerId(info.quizId, order[i]!), {
      disabled: true,
      correct: info.answer,
    }),
    reportRow(info.quizId, lang),
  ];
  const people = say(lang, { ko: '{n}명 참여', en: '{n} answered' }, { n: total });
  if (!q) {
    // the question left the bank after it was posted: still close cleanly
    return {
      embeds: [{ title, description: `**${LETTERS[info.answer]}** · ${people}`, color: COLORS.success }],
      buttons,
    };
  }
  const link = q.source && sourceLink?.(q.source.note, q.source.section);
  const source = q.source ? `${q.source.note} § ${q.source.section}` : '—';
  const embed: Embed = {
    title,
    description: truncate(
      `${q.question}\n\n${choiceLines(q, (i) => (i === info.answer ? '✅ ' : '▫️ '))}`,
      LIMITS.embedDescription,
    ),
    fields: [
      {
        name: say(lang, { ko: '정답', en: 'Answer' }),
        value: truncate(`**${LETTERS[info.answer]}.** ${q.choices[info.answer] ?? ''}`, LIMITS.fieldValue),
      },
      { name: say(lang, { ko: '해설', en: 'Explanation' }), value: truncate(q.explanation, LIMITS.fieldValue) },
      {
        name: say(lang, { ko: '출처', en: 'Source' }),
        value: truncate(link ? `[${source}](${link})` : source, LIMITS.fieldValue),
      },
      {
        name: say(lang, { ko: '응답 분포', en: 'How people answered' }),
        value: truncate(
          `${q.choices.map((_, i) => `**${LETTERS[i]}** ${share(i)}`).join(' · ')}\n${people}`,
          LIMITS.fieldValue,
        ),
      },
    ],
    footer: info.quizId,
    color: COLORS.success,
  };
  return { embeds: [embed], buttons };
}

/** A question card for practice and review (ephemeral); `id` gets the bank's choice index. */
export function renderQuestionCard(
  bankQuestion: Question,
  title: string,
  id: (choice: number) => string,
  order?: readonly number[],
): Reply {
  const shown = orderFor(bankQuestion.choices.length, order);
  const q = displayed(bankQuestion, shown);
  return {
    ephemeral: true,
    embeds: [
      {
        title: truncate(title, LIMITS.embedTitle),
        description: truncate(`${q.question}\n\n${choiceLines(q)}`, LIMITS.embedDescription),
        footer: q.tags.map((tag) => `#${tag}`).join(' '),
        color: COLORS.info,
      },
    ],
    buttons: choiceButtons(q.choices.length, (i) => id(shown[i]!)),
  };
}

/** Right/wrong with the explanation, for the one who answered; `choice` is the bank's index, letters as shown. */
export function renderFeedback(
  lang: Lang,
  bankQuestion: Question,
  bankChoice: number,
  extra: string[] = [],
  order?: readonly number[],
): Embed {
  const q = displayed(bankQuestion, order);
  const choice = shownIndex(bankChoice, bankQuestion.choices.length, order);
  const correct = bankChoice === bankQuestion.answer;
  const head = correct
    ? t(lang, { ko: '정답입니다! ✅', en: 'Correct! ✅' })
    : t(
        lang,
        {
          ko: '아쉽네요. ❌ 고른 답 {mine}, 정답 {right}',
          en: 'Not quite. ❌ You chose {mine}, the answer is {right}',
        },
        {
          mine: LETTERS[choice] ?? '?',
          right: `${LETTERS[q.answer]}. ${q.choices[q.answer] ?? ''}`,
        },
      );
  return {
    title: truncate(head, LIMITS.embedTitle),
    description: truncate(
      [...extra, q.explanation, q.source ? `📖 ${q.source.note} § ${q.source.section}` : '']
        .filter(Boolean)
        .join('\n\n'),
      LIMITS.embedDescription,
    ),
    color: correct ? COLORS.success : COLORS.danger,
  };
}
