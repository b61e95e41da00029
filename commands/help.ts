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
