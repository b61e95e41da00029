import { type CommandContext, guildOf, UserError } from '../command.js';
import { t, type Lang, type Text } from '../i18n.js';
import { escapeMarkdown } from '../notes/markdown.js';
import { type Button, COLORS, type Embed, type Form, LIMITS, type Reply, type ReplyFile, truncate } from '../reply.js';
import { AttachmentError } from './attachment.js';
import { LETTERS, type Question, SERVER_RULES } from './bank.js';
import type { DecideOutcome } from './moderation.js';
import { localTime } from './time.js';
import { hardest, participation, questionRows } from './stats.js';
import { type QueueItem, SUBMISSION_FIELDS, type SubmissionFields, submissionFieldsOf } from './queue.js';

/*
 * What members and reviewers see of the server's own bank: the submission form,
 * the review queue one item at a time, the report form, and the messages about
 * each. Member text is shown escaped (it is data), and never logged.
 */

const M = {
  formTitle: { ko: '문제 제안하기', en: 'Propose a question' },
  question: { ko: '문제', en: 'Question' },
  choices: { ko: '보기 (한 줄에 하나, 2–5개)', en: 'Choices (one per line, 2–5)' },
  answer: { ko: '정답 글자 (A–E)', en: 'Answer letter (A–E)' },
  explanation: { ko: '해설', en: 'Explanation' },
  tags: { ko: '태그 (쉼표로 구분)', en: 'Tags (comma separated)' },
  queued: {
    ko: '고마워요! 제안 #{id}이(가) 검토를 기다려요. 결정되면 알려 드려요 (여기 또는 DM).',
    en: 'Thanks! Submission #{id} is waiting for a reviewer. You will hear the outcome (here, or by DM).',
  },
  invalid: { ko: '제출되지 않았어요. 고칠 곳:', en: 'Not submitted. Please fix:' },
  typed: {
    ko: '입력한 내용이에요. 복사해서 `/quiz submit`에 다시 붙여 넣으세요:',
    en: 'What you typed, to copy into `/quiz submit` again:',
  },
  rateLimited: {
    ko: '한 시간에 {n}개까지 보낼 수 있어요. 다음은 <t:{at}:R>부터 가능해요.',
    en: 'You can send {n} per hour. The next one is possible <t:{at}:R>.',
  },
  notReviewer: {
    ko: '검토자(서버 관리 권한 또는 검토 역할)만 쓸 수 있어요.',
    en: 'Only reviewers (Manage Server or the reviewer role) can do this.',
  },
  queueEmpty: { ko: '검토할 항목이 없어요. 🎉', en: 'Nothing waiting for review. 🎉' },
  submission: { ko: '제안 #{id} · {pos}/{total}', en: 'Submission #{id} · {pos} of {total}' },
  report: { ko: '신고 #{id} · {pos}/{total}', en: 'Report #{id} · {pos} of {total}' },
  by: { ko: '보낸 사람', en: 'From' },
  what: { ko: '무엇이 잘못됐나요', en: 'What is wrong' },
  reportedQuestion: { ko: '신고된 문제', en: 'Reported question' },
  approve: { ko: '승인', en: 'Approve' },
  edit: { ko: '고쳐서 승인', en: 'Edit' },
  reject: { ko: '거절', en: 'Reject' },
  fix: { ko: '고치기', en: 'Fix' },
  disable: { ko: '이 서버에서 끄기', en: 'Disable here' },
  dismiss: { ko: '신고 닫기', en: 'Dismiss' },
  next: { ko: '다음', en: 'Next' },
  rejectTitle: { ko: '거절 이유', en: 'Reason for rejecting' },
  reason: { ko: '제안한 사람에게 보낼 이유', en: 'Reason, sent to the author' },
  reportTitle: { ko: '문제 신고하기', en: 'Report this question' },
  reportText: { ko: '무엇이 잘못됐나요?', en: 'What is wrong with it?' },
  reported: {
    ko: '신고 고마워요! 검토자가 볼 때까지 이 문제는 출제되지 않아요.',
    en: 'Thanks for the report. The question is not asked again until a reviewer looks at it.',
  },
  unknownQuestion: { ko: '이 문제는 더 이상 없어요.', en: 'That question no longer exists.' },
  gone: { ko: '이미 다른 검토자가 처리했어요.', en: 'Another reviewer already decided this one.' },
  ownSubmission: {
    ko: '내가 제안한 문제는 다른 검토자가 승인해야 해요. (검토자가 혼자라면 `/config self-approve`로 허용할 수 있어요.)',
    en: 'Your own submission needs another reviewer. (A server with one reviewer can allow it with `/config self-approve`.)',
  },
  bankFull: {
    ko: '서버 문제 은행이 가득 찼어요 (2,000개).',
    en: "The server's bank is full (2,000 questions).",
  },
  done: { ko: '#{id}: {state}', en: '#{id}: {state}' },
  told: { ko: '제안한 사람에게 DM으로 알렸어요.', en: 'The author was told by DM.' },
  toldHere: {
    ko: '제안한 사람에게 알렸어요 (제출한 곳에 본인만 보이는 메시지로).',
    en: 'The author was told (a message only they see, where they submitted).',
  },
  notTold: {
    ko: '제안한 사람의 DM이 닫혀 있어 알리지 못했어요.',
    en: "The author's DMs are closed (or could not be reached); they were not told.",
  },
  approvedDm: {
    ko: '제안한 문제 #{id}이(가) 승인됐어요. 곧 오늘의 퀴즈에 나올 수 있어요!',
    en: 'Your question #{id} was approved. It can come up in the daily quiz soon!',
  },
  rejectedDm: {
    ko: '제안한 문제 #{id}은(는) 이번에는 채택되지 않았어요. 이유: {reason}',
    en: 'Your question #{id} was not taken this time. Reason: {reason}',
  },
} satisfies Record<string, Text>;

const IO = {
  noFile: {
    ko: '파일을 첨부해 주세요 (YAML 또는 CSV, 1MB까지). 오프라인에서는 `npm run cli -- bank import`를 쓰세요.',
    en: 'Attach a file (YAML or CSV, up to 1 MB). Offline, use `npm run cli -- bank import`.',
  },
  badFile: { ko: '파일을 읽지 못했어요: {reason}', en: 'Could not read the file: {reason}' },
  imported: {
    ko: '가져왔어요: 새 문제 {added}개, 바뀐 문제 {updated}개. 서버 문제는 모두 {total}개예요.',
    en: 'Imported: {added} new, {updated} updated. The server now has {total} questions of its own.',
  },
  refused: {
    ko: '가져오지 않았어요 (문제 은행은 그대로예요). 고칠 곳 {n}개:',
    en: 'Nothing was imported (the bank is unchanged). {n} problem(s):',
  },
  exported: {
    ko: '이 서버의 문제 {n}개를 YAML과 CSV로 내보냈어요.',
    en: "This server's {n} questions, as YAML and as CSV.",
  },
} satisfies Record<string, Text>;

/** /quiz import: an attached YAML or CSV file into the server's bank, all or nothing (reviewers). */
export async function importReply(ctx: CommandContext, url: string | undefined, update: boolean): Promise<Reply> {
  const guildId = requireReviewer(ctx);
  const fetchFile = ctx.app.quiz.fetchFile;
  if (!url || !fetchFile || !/^https?:\/\//.test(url)) return note(t(ctx.lang, IO.noFile));
  let file: { name: string; text: string };
  try {
    file = await fetchFile(url);
  } catch (err) {
    const reason = err instanceof AttachmentError ? err.message : 'download failed';
    if (!(err instanceof AttachmentError)) ctx.log.warn({ err }, 'attachment download failed');
    return note(t(ctx.lang, IO.badFile, { reason }));
  }
  const result = await ctx.app.quiz.service.importBank(guildId, file, { update, author: ctx.userId });
  if (!result.ok) {
    const head = t(ctx.lang, IO.refused, { n: result.problems.length });
    const problems = result.problems.map((p) => importProblemIn(ctx.lang, p));
    const list = problems.map((p) => escapeMarkdown(p));
    // every problem: in the message while it fits, and always in full as a file
    return {
      ephemeral: true,
      content: truncate(`${head}\n${list.join('\n')}`, LIMITS.content),
      files: [textFile('import-problems.txt', `${problems.join('\n')}\n`)],
    };
  }
  ctx.log.info({ added: result.added, updated: result.updated }, 'bank imported');
  return note(t(ctx.lang, IO.imported, { added: result.added, updated: result.updated, total: result.total }));
}

/** /quiz export: the server's bank as YAML (the content format) and CSV (reviewers). */
export function exportReply(ctx: CommandContext): Reply {
  const guildId = requireReviewer(ctx);
  const service = ctx.app.quiz.service;
  return {
    ephemeral: true,
    content: t(ctx.lang, IO.exported, { n: service.questions.own(guildId).size }),
    files: [
      textFile('questions.yaml', service.exportBank(guildId, 'yaml')),
      textFile('questions.csv', service.exportBank(guildId, 'csv')),
    ],
  };
}

const ST = {
  title: { ko: '문제 통계', en: 'Question stats' },
  none: {
    ko: '아직 마감된 오늘의 퀴즈가 없어요.',
    en: 'No daily quiz has closed yet.',
  },
  hardest: { ko: '가장 어려운 10문제 (정답률)', en: 'Hardest ten (share right)' },
  reported: { ko: '신고가 열린 문제', en: 'Open reports' },
  days: { ko: '최근 30일 참여 (하루 응답 수)', en: 'Last 30 days (answers per day)' },
  daysSummary: { ko: '{from} → {to} · 가장 많은 날 {peak} · 합계 {total}', en: '{from} → {to} · busiest day {peak} · total {total}' },
  noDays: { ko: '{from} → {to} 동안 응답이 없어요.', en: 'No answers from {from} to {to}.' },
  file: {
    ko: '문제별 출제 횟수, 보기별 응답 비율, 정답 수, 열린 신고는 첨부한 CSV에 있어요.',
    en: 'Per question: times asked, answer share per choice, right answers and open reports, in the attached CSV.',
  },
} satisfies Record<string, Text>;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const BARS = ' ▁▂▃▄▅▆▇█';

/** /quiz stats (reviewers): the hardest ten, open reports, participation by day; every question in a CSV. */
export function statsReply(ctx: CommandContext): Reply {
  const guildId = requireReviewer(ctx);
  const service = ctx.app.quiz.service;
  const stats = service.stats(guildId);
  const reports = new Map<string, number>();
  for (const item of service.moderation.pending(guildId)) {
    if (item.kind === 'report' && item.questionId) reports.set(item.questionId, (reports.get(item.questionId) ?? 0) + 1);
  }
  const rows = questionRows(stats, reports);
  const today = localTime(service.clock(), service.settings(guildId).timezone).date;
  const days = participation(stats, today);
  const peak = Math.max(...days.map((d) => d.answered));
  const total = days.reduce((a, d) => a + d.answered, 0);
  const spark = days.map((d) => BARS[peak ? Math.round((d.answered / peak) * (BARS.length - 1)) : 0]).join('');
  const span = { from: days[0]!.date, to: today, peak, total };
  const name = (id: string) => escapeMarkdown(truncate(service.questionIn(guildId, id)?.question ?? id, 60));
  const hard = hardest(rows).map(
    (r, i) => `${i + 1}. ${name(r.questionId)} — ${pct(r.rightShare)} (${r.right}/${r.answered}) \`${r.questionId}\``,
  );
  const reported = rows.filter((r) => r.openReports > 0).map((r) => `• \`${r.questionId}\` × ${r.openReports}`);
  const csv = [
    'question_id,asked,answered,right,right_share,share_a,share_b,share_c,share_d,share_e,open_reports',
    ...rows.map((r) =>
      [
        r.questionId,
        r.asked,
        r.answered,
        r.right,
        r.rightShare.toFixed(3),
        ...Array.from({ length: 5 }, (_, i) => (r.shares[i] ?? 0).toFixed(3)),
        r.openReports,
      ].join(','),
    ),
  ].join('\r\n');
  const fields = [
    { name: t(ctx.lang, ST.hardest), value: truncate(hard.join('\n') || t(ctx.lang, ST.none), LIMITS.fieldValue) },
    { name: t(ctx.lang, ST.reported), value: truncate(reported.join('\n') || '—', LIMITS.fieldValue) },
    {
      name: t(ctx.lang, ST.days),
      value: total ? `\`${spark}\`\n${t(ctx.lang, ST.daysSummary, span)}` : t(ctx.lang, ST.noDays, span),
    },
  ];
  return {
    ephemeral: true,
    embeds: [{ title: t(ctx.lang, ST.title), description: t(ctx.lang, ST.file), fields, color: COLORS.info }],
    files: [textFile('question-stats.csv', `${csv}\r\n`)],
  };
}

const STATES: Record<QueueItem['state'], Text> = {
  open: { ko: '대기', en: 'open' },
  approved: { ko: '승인됨', en: 'approved' },
  rejected: { ko: '거절됨', en: 'rejected' },
  fixed: { ko: '고침', en: 'fixed' },
  disabled: { ko: '이 서버에서 꺼짐', en: 'disabled here' },
  dismissed: { ko: '신고 닫힘', en: 'dismissed' },
};

const note = (content: string): Reply => ({ content, ephemeral: true });

/** Manage Server, or the role `/config reviewer-role` names; checked here, on the server side. */
export function isReviewer(ctx: CommandContext): boolean {
  if (ctx.canManageGuild) return true;
  const role = ctx.guildId ? ctx.app.quiz.service.settings(ctx.guildId).reviewerRoleId : null;
  return role !== null && (ctx.roleIds ?? []).includes(role);
}

export function requireReviewer(ctx: CommandContext): string {
  const guildId = guildOf(ctx);
  if (!isReviewer(ctx)) {
    ctx.log.warn('reviewer action refused');
    throw new UserError(t(ctx.lang, M.notReviewer));
  }
  return guildId;
}

/** The submission form, empty or prefilled (an edit, a fix). */
export function submissionForm(lang: Lang, id: string, title: Text, values?: SubmissionFields): Form {
  const max = {
    question: SERVER_RULES.questionMax,
    choices: 5 * (SERVER_RULES.choiceMax + 1),
    answer: 1,
    explanation: SERVER_RULES.explanationMax,
    tags: 200,
  };
  return {
    id,
    title: t(lang, title),
    fields: SUBMISSION_FIELDS.map((field) => ({
      id: field,
      label: t(lang, M[field]),
      style: field === 'answer' || field === 'tags' ? 'short' : 'paragraph',
      maxLength: max[field],
      ...(values ? { value: values[field] } : {}),
      ...(field === 'answer' ? { placeholder: 'A' } : field === 'tags' ? { placeholder: 'pod, network' } : {}),
    })),
  };
}

export const newSubmissionForm = (lang: Lang) => submissionForm(lang, 'quiz:submit', M.formTitle);

/** The text a member typed, from a form's values (missing fields as empty). */
export function fieldsOf(values: Record<string, string>): SubmissionFields {
  return {
    question: values.question ?? '',
    choices: values.choices ?? '',
    answer: values.answer ?? '',
    explanation: values.explanation ?? '',
    tags: values.tags ?? '',
  };
}

/** A code block that shows text exactly as typed: a ``` inside cannot close it. */
const verbatim = (text: string) => `\`\`\`\n${text.replace(/```/g, '`\u200b``')}\n\`\`\``;

/** The submission form's fields, short, for naming the one at fault in Korean. */
const FIELD_KO: Record<string, string> = { question: '문제', choices: '보기', answer: '정답', explanation: '해설', tags: '태그' };

/** Korean for the question checks' messages (bank.ts, SERVER_RULES); one not listed is shown as written. */
const PROBLEM_KO: [RegExp, string][] = [
  [/^is required$/, '꼭 채워야 해요'],
  [/^must be text$/, '글이어야 해요'],
  [/^must not be empty$/, '비어 있으면 안 돼요'],
  [/^must be at most (\d+) characters$/, '$1자 이하여야 해요'],
  [/^must be a list$/, '목록이어야 해요'],
  [/^needs 2 to 5 choices$/, '보기는 2~5개여야 해요'],
  [/^choices must be different from each other$/, '보기끼리 서로 달라야 해요'],
  [/^must be one letter A to E$/, 'A~E 중 한 글자여야 해요'],
  [/^([A-E]) is out of range: there are (\d+) choices$/, '$1는 없는 보기예요: 보기가 $2개뿐이에요'],
  [/^needs at least one tag$/, '태그가 하나 이상 있어야 해요'],
  [/^must be 1, 2 or 3$/, '1, 2, 3 중 하나여야 해요'],
  [/^(.+) is also on line (\d+)$/, '$1가 $2번째 줄에도 있어요'],
  [/^the file is larger than 1 MB$/, '파일이 1MB보다 커요'],
  [/^unknown column\(s\) (.+)$/, '모르는 열이 있어요: $1'],
  [/^missing column\(s\) (.+)$/, '빠진 열이 있어요: $1'],
  [/^is empty but a later choice is filled$/, '비어 있는데 뒤의 보기가 채워져 있어요'],
  [/^(.+) is already in this server's bank; import with update \(--update\) to replace it$/, '$1는 이미 이 서버 문제 은행에 있어요. 바꾸려면 update를 켜고 가져오세요'],
  [/^the bank would hold (\d+) questions; a server keeps at most (\d+)$/, '가져오면 $1문제가 돼요. 서버마다 $2문제까지예요'],
  [/^must be <note>\.md#<heading>$/, '<노트>.md#<제목> 꼴이어야 해요'],
  [/^must be lowercase letters, digits and single hyphens \(e\.g\. (.+)\)$/, '영문 소문자, 숫자, 하이픈(한 개씩)만 쓸 수 있어요 (예: $1)'],
  [/^the file must be a list of questions \(each item starting with "- id:"\)$/, '파일은 문제 목록이어야 해요 (항목마다 "- id:"로 시작)'],
];

/** An import problem ("line 4: answer: must be one letter A to E", bank-files.ts) in the reader's language. */
function importProblemIn(lang: Lang, problem: string): string {
  const parts = /^(?:line (\d+)|file): ([^:]+): (.*)$/s.exec(problem);
  if (lang === 'en' || !parts) return problem;
  const [, line, field = '', message = ''] = parts;
  const known = problemText(lang, message);
  // the YAML and CSV parsers' own words stay as they are, inside a Korean sentence that says what went wrong
  const syntax = field === 'yaml' || field === 'csv';
  const text = syntax && known === message ? `${field.toUpperCase()} 형식 오류예요 (${message})` : known;
  return `${line ? `${line}번째 줄` : '파일'} · ${field}: ${text}`;
}

/** A check's message in the reader's language. */
export function problemText(lang: Lang, message: string): string {
  if (lang === 'en') return message;
  const known = PROBLEM_KO.find(([pattern]) => pattern.test(message));
  return known ? message.replace(known[0], known[1]) : message;
}

/** A refused submission: each field at fault by name, and everything typed given back. */
export function invalidSubmission(
  lang: Lang,
  problems: { field: string; message: string }[],
  fields: SubmissionFields,
): Reply {
  const name = (field: string) => (lang === 'ko' ? (FIELD_KO[field] ?? field) : field);
  const lines = [...new Set(problems.map((p) => `• **${name(p.field)}**: ${problemText(lang, p.message)}`))];
  const typed = SUBMISSION_FIELDS.map((f) => ({
    name: t(lang, M[f]),
    value: truncate(verbatim(fields[f] || ' '), LIMITS.fieldValue),
  }));
  return {
    ephemeral: true,
    content: truncate(`${t(lang, M.invalid)}\n${lines.join('\n')}\n\n${t(lang, M.typed)}`, LIMITS.content),
    embeds: [{ fields: typed, color: COLORS.warning }],
  };
}

export function queuedReply(lang: Lang, id: number): Reply {
  return note(t(lang, M.queued, { id }));
}

export function rateLimitedReply(lang: Lang, until: number): Reply {
  return note(t(lang, M.rateLimited, { n: 5, at: Math.ceil(until / 1000) }));
}

export const reportedReply = (lang: Lang) => note(t(lang, M.reported));
export const unknownQuestionReply = (lang: Lang) => note(t(lang, M.unknownQuestion));

export function reportForm(lang: Lang, questionId: string): Form {
  return {
    id: `quiz:rep:${questionId}`,
    title: t(lang, M.reportTitle),
    fields: [{ id: 'text', label: t(lang, M.reportText), style: 'paragraph', maxLength: 1000 }],
  };
}

function questionText(q: Pick<Question, 'question' | 'choices' | 'answer' | 'explanation' | 'tags'>): string {
  const choices = q.choices
    .map((c, i) => `${i === q.answer ? '✅' : '▫️'} **${LETTERS[i]}.** ${escapeMarkdown(c)}`)
    .join('\n');
  const tags = q.tags.map((tag) => `#${escapeMarkdown(tag)}`).join(' ');
  return `${escapeMarkdown(q.question)}\n\n${choices}\n\n${escapeMarkdown(q.explanation)}\n\n${tags}`;
}

/** One open item of the queue with its buttons; `after` skips to the first item after that id. */
export function queueView(ctx: CommandContext, guildId: string, after = 0, headline?: string): Reply {
  const lang = ctx.lang;
  const service = ctx.app.quiz.service;
  const pending = service.moderation.pending(guildId);
  const at = Math.max(0, pending.findIndex((i) => i.id > after));
  const item = pending[at];
  if (!item) {
    return { ephemeral: true, update: true, content: [headline, t(lang, M.queueEmpty)].filter(Boolean).join('\n'), buttons: [] };
  }
  const vars = { id: item.id, pos: at + 1, total: pending.length };
  const embed: Embed = {
    title: t(lang, item.kind === 'submission' ? M.submission : M.report, vars),
    color: item.kind === 'submission' ? COLORS.info : COLORS.warning,
    fields: [{ name: t(lang, M.by), value: `<@${item.authorId}> · <t:${Math.floor(item.at / 1000)}:R>` }],
  };
  const button = (action: string, label: Text, style: Button['style']): Button => ({
    id: `quiz:q:${action}:${item.id}`,
    label: t(lang, label),
    style,
  });
  let buttons: Button[];
  if (item.kind === 'submission' && item.question) {
    embed.description = truncate(questionText(item.question), LIMITS.embedDescription);
    buttons = [button('ok', M.approve, 'success'), button('edit', M.edit, 'primary'), button('no', M.reject, 'danger')];
  } else {
    const q = item.questionId ? service.questionIn(guildId, item.questionId) : undefined;
    embed.fields!.push({ name: t(lang, M.what), value: truncate(escapeMarkdown(item.text ?? ''), LIMITS.fieldValue) || '—' });
    embed.description = q
      ? truncate(`\`${item.questionId}\`\n${questionText(q)}`, LIMITS.embedDescription)
      : `\`${item.questionId ?? '?'}\``;
    buttons = [button('edit', M.fix, 'primary'), button('off', M.disable, 'danger'), button('dismiss', M.dismiss, 'secondary')];
  }
  if (pending.length > 1) buttons.push(button('next', M.next, 'secondary'));
  return { ephemeral: true, update: true, ...(headline ? { content: headline } : { content: '' }), embeds: [embed], buttons: [buttons] };
}

/** The Edit / Fix form of an item, prefilled. */
export function editForm(ctx: CommandContext, guildId: string, item: QueueItem): Form | undefined {
  const q =
    item.kind === 'submission'
      ? item.question
      : item.questionId
        ? ctx.app.quiz.service.questionIn(guildId, item.questionId)
        : undefined;
  if (!q) return undefined;
  return submissionForm(ctx.lang, `quiz:qedit:${item.id}`, item.kind === 'submission' ? M.edit : M.fix, submissionFieldsOf(q));
}

export function rejectForm(lang: Lang, id: number): Form {
  return {
    id: `quiz:qno:${id}`,
    title: t(lang, M.rejectTitle),
    fields: [{ id: 'reason', label: t(lang, M.reason), style: 'paragraph', maxLength: 500 }],
  };
}

/** After a decision: tell the author (a DM; closed DMs are fine), then show the next item. */
export async function afterDecision(ctx: CommandContext, guildId: string, outcome: DecideOutcome, id: number): Promise<Reply> {
  const lang = ctx.lang;
  if (outcome.kind === 'gone') return queueView(ctx, guildId, 0, t(lang, M.gone));
  if (outcome.kind === 'own-submission') return note(t(lang, M.ownSubmission));
  if (outcome.kind === 'bank-full') return note(t(lang, M.bankFull));
  if (outcome.kind === 'invalid') return invalidSubmission(lang, outcome.problems, fieldsOf({}));
  const { item } = outcome;
  const lines = [t(lang, M.done, { id, state: t(lang, STATES[item.state]) })];
  if (item.kind === 'submission' && (item.state === 'approved' || item.state === 'rejected')) {
    const dm: Text =
      item.state === 'approved'
        ? { ko: t('ko', M.approvedDm, { id }), en: t('en', M.approvedDm, { id }) }
        : {
            ko: t('ko', M.rejectedDm, { id, reason: escapeMarkdown(item.reason ?? '—') }),
            en: t('en', M.rejectedDm, { id, reason: escapeMarkdown(item.reason ?? '—') }),
          };
    const gateway = ctx.app.quiz.gateway;
    let told: 'follow-up' | 'dm' | 'closed' | 'failed' = 'failed';
    try {
      if (gateway.tellMember) told = await gateway.tellMember(guildId, item.authorId, { content: `${dm.ko}\n${dm.en}` });
    } catch (err) {
      ctx.log.warn({ err, itemId: id }, 'telling the author failed');
    }
    lines.push(t(lang, told === 'follow-up' ? M.toldHere : told === 'dm' ? M.told : M.notTold));
  }
  ctx.log.info({ itemId: id, state: item.state, kind: item.kind }, 'review decision');
  return queueView(ctx, guildId, 0, lines.join('\n'));
}

/** `quiz:q:<action>:<id>`: the queue's buttons (reviewers only, checked here). */
export async function queueButton(ctx: CommandContext, action: string, idText: string): Promise<Reply> {
  const guildId = requireReviewer(ctx);
  const id = Number(idText);
  const moderation = ctx.app.quiz.service.moderation;
  const item = moderation.item(guildId, id);
  if (action === 'next') return queueView(ctx, guildId, id);
  if (item?.state !== 'open') return queueView(ctx, guildId, 0, t(ctx.lang, M.gone));
  switch (action) {
    case 'ok': {
      const selfApprove = ctx.app.quiz.service.settings(guildId).selfApprove;
      return afterDecision(ctx, guildId, await moderation.approve(guildId, id, ctx.userId, { selfApprove }), id);
    }
    case 'edit': {
      const form = editForm(ctx, guildId, item);
      return form ? { form } : queueView(ctx, guildId, 0, t(ctx.lang, M.gone));
    }
    case 'no':
      return { form: rejectForm(ctx.lang, id) };
    case 'off':
      return afterDecision(ctx, guildId, await moderation.disable(guildId, id, ctx.userId), id);
    case 'dismiss':
      return afterDecision(ctx, guildId, await moderation.dismiss(guildId, id, ctx.userId), id);
    default:
      return queueView(ctx, guildId);
  }
}

/** The forms of the bank: a submission, a reviewer's edit or reason, a report. */
export async function bankForm(ctx: CommandContext, args: string[], values: Record<string, string>): Promise<Reply> {
  const [action = '', target = ''] = args;
  const guildId = guildOf(ctx);
  const service = ctx.app.quiz.service;
  if (action === 'submit') {
    const fields = fieldsOf(values);
    const outcome = await service.moderation.submit(guildId, ctx.userId, fields);
    if (outcome.kind === 'invalid') return invalidSubmission(ctx.lang, outcome.problems, fields);
    if (outcome.kind === 'rate-limited') return rateLimitedReply(ctx.lang, outcome.until);
    ctx.log.info({ itemId: outcome.id }, 'question submitted');
    return queuedReply(ctx.lang, outcome.id);
  }
  if (action === 'rep') {
    const outcome = await service.moderation.report(guildId, ctx.userId, target, values.text ?? '');
    if (outcome.kind === 'unknown') return unknownQuestionReply(ctx.lang);
    if (outcome.kind === 'rate-limited') return rateLimitedReply(ctx.lang, outcome.until);
    ctx.log.info({ itemId: outcome.id, questionId: target }, 'question reported');
    return reportedReply(ctx.lang);
  }
  const reviewerGuild = requireReviewer(ctx);
  const id = Number(target);
  if (action === 'qedit') {
    const fields = fieldsOf(values);
    const selfApprove = service.settings(reviewerGuild).selfApprove;
    const outcome = await service.moderation.approve(reviewerGuild, id, ctx.userId, { selfApprove, edited: fields });
    if (outcome.kind === 'invalid') return invalidSubmission(ctx.lang, outcome.problems, fields);
    return afterDecision(ctx, reviewerGuild, outcome, id);
  }
  if (action === 'qno') {
    return afterDecision(ctx, reviewerGuild, await service.moderation.reject(reviewerGuild, id, ctx.userId, values.reason ?? ''), id);
  }
  return note(t(ctx.lang, M.gone));
}

/** A UTF-8 text file attached to a reply. */
function textFile(name: string, text: string): ReplyFile {
  return { name, data: Buffer.from(text, 'utf8') };
}
