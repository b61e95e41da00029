import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { t } from '../src/i18n.js';
import { COLORS, truncate } from '../src/reply.js';

export const command = {
  data: new SlashCommandBuilder()
    .setName('reload')
    .setDescription('Re-read the notes from disk and rebuild the search index (admins)')
    .setDescriptionLocalizations({ ko: '노트를 다시 읽고 검색 색인을 새로 만들기 (관리자)' })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .toJSON(),
  admin: true,
  ephemeral: () => true,
  async execute(ctx) {
    const report = await ctx.app.library.reload();
    ctx.log.info({ notes: report.notes, sections: report.sections, warnings: report.warnings.length, ms: Math.round(report.ms) }, 'library reloaded');
    const warnings = report.warnings.map((w) => `• ${w.path}: ${w.reason}`).join('\n');
    return {
      ephemeral: true,
      embeds: [
        {
          title: t(ctx.lang, { ko: '노트를 다시 불러왔어요', en: 'Notes reloaded' }),
          description: t(ctx.lang, { ko: '노트 {notes}개, 섹션 {sections}개 ({ms}ms)', en: '{notes} notes, {sections} sections ({ms} ms)' }, {
            notes: report.notes,
            sections: report.sections,
            ms: Math.round(report.ms),
          }),
          color: report.warnings.length ? COLORS.warning : COLORS.success,
          fields: warnings
            ? [{ name: t(ctx.lang, { ko: '건너뛴 파일', en: 'Skipped files' }), value: truncate(warnings, 1024) }]
            : [],
        },
      ],
    };
  },
} satisfies Command;
