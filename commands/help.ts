import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { t } from '../src/i18n.js';
import { COLORS } from '../src/reply.js';

export const command = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What this bot can do')
    .setDescriptionLocalizations({ ko: '이 봇으로 할 수 있는 것' })
    .toJSON(),
  ephemeral: () => true,
  async execute(ctx) {
    const lines = ctx.app.commands.map((c) => {
      const description =
        ctx.lang === 'ko' ? (c.data.description_localizations?.ko ?? c.data.description) : c.data.description;
      const mark = t(ctx.lang, { ko: '(관리자)', en: '(admins)' });
      // most admin commands say so in their description already
      const admin = c.admin === true && !description.includes(mark) ? ` ${mark}` : '';
      const subs = (c.data.options ?? []).filter((o) => o.type === 1).map((o) => o.name);
      return `**/${c.data.name}**${subs.length ? ` ${subs.join(' | ')}` : ''}: ${description}${admin}`;
    });
    const library = ctx.app.library.current;
    return {
      ephemeral: true,
      embeds: [
        {
          title: t(ctx.lang, { ko: '쿠버네티스 스터디 봇 도움말', en: 'Kubernetes study bot: help' }),
          description: lines.join('\n'),
          fields: [
            {
              name: t(ctx.lang, { ko: '공부 습관', en: 'Study habits' }),
              value: t(ctx.lang, {
                ko:
                  '`/review remind state:on time:21:00 [timezone]`: 복습할 카드가 있으면 매일 그 시각에 DM (`state:off`로 끄기)\n' +
                  '`/review cram [tag]`: 모든 카드를 일정과 상관없이 풀어 보기 (복습 일정은 그대로)\n' +
                  '`/config recap weekday:sun time:20:00` (관리자): 매주 퀴즈 채널에 주간 결산과 참여 차트\n' +
                  '`/score`와 `/leaderboard`는 글과 함께 카드 이미지도 보여 줘요.',
                en:
                  '`/review remind state:on time:21:00 [timezone]`: a daily DM at that time when cards are due (`state:off` stops it)\n' +
                  '`/review cram [tag]`: every card, due or not; your review schedule stays as it is\n' +
                  '`/config recap weekday:sun time:20:00` (admins): a weekly recap with a participation chart in the quiz channel\n' +
                  '`/score` and `/leaderboard` show a card picture beside the text.',
              }),
            },
            {
              name: t(ctx.lang, { ko: '우리 서버 문제', en: "This server's own questions" }),
              value: t(ctx.lang, {
                ko:
                  '`/quiz submit`으로 문제를 제안하면 검토자가 승인·수정·거절하고 결과를 알려 줘요 (제출한 곳 또는 DM). ' +
                  '틀린 문제는 퀴즈 아래 **신고** 버튼으로 알려 주세요: 검토 전까지 출제되지 않아요. ' +
                  '보기 순서는 퀴즈마다 섞여요.\n' +
                  '검토자(서버 관리 권한 또는 `/config reviewer-role`): `/quiz queue`로 하나씩 결정하고, ' +
                  '`/quiz import`·`export`로 YAML/CSV 파일을 주고받고, `/quiz stats`로 어려운 문제와 참여를 봐요.',
                en:
                  'Propose a question with `/quiz submit`; a reviewer approves, edits or rejects it and you are told (where you submitted, or by DM). ' +
                  'Use the **Report** button under a quiz for a wrong question: it is not asked until reviewed. ' +
                  'Choices are shuffled for every quiz.\n' +
                  'Reviewers (Manage Server or `/config reviewer-role`): `/quiz queue` decides one at a time, ' +
                  '`/quiz import`/`export` move YAML or CSV files, `/quiz stats` shows the hardest questions and participation.',
              }),
            },
          ],
          color: COLORS.info,
          footer: t(
            ctx.lang,
            { ko: '노트 {notes}개 · 섹션 {sections}개', en: '{notes} notes · {sections} sections' },
            {
              notes: library.corpus.notes.length,
              sections: library.corpus.sections.length,
            },
          ),
        },
      ],
    };
  },
} satisfies Command;
