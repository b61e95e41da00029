import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { booleanOption, type Command } from '../src/command.js';
import { t, type Text } from '../src/i18n.js';
import { COLORS, truncate } from '../src/reply.js';
import type { ReloadReport } from '../src/search/library.js';
import { logReload } from '../src/sources/sync.js';

const FORCE = '`/reload force:true`';
const CHANGES: Text = {
  ko: '추가 {added} · 변경 {changed} · 삭제 {removed} · 건너뜀 {skipped}',
  en: 'added {added} · changed {changed} · removed {removed} · skipped {skipped}',
};
const SOURCE_LINE: Text = {
  ko: '**{name}**: 노트 {notes}개{commit}{error}',
  en: '**{name}**: {notes} notes{commit}{error}',
};
const SOURCE_ERROR: Text = { ko: ' ⚠ 동기화 실패(이전 사본 사용): {error}', en: ' ⚠ sync failed (last good copy kept): {error}' };

/** The notes a reload added, changed and removed, by source and file, as short lines. */
function changeLines(changes: NonNullable<ReloadReport['changes']>): string {
  return [
    ...changes.added.map((n) => `+ ${n}`),
    ...changes.changed.map((n) => `~ ${n}`),
    ...changes.removed.map((n) => `- ${n}`),
  ].join('\n');
}
const RELOADED: Text = {
  ko: '노트 {notes}개, 섹션 {sections}개 ({ms}ms)',
  en: '{notes} notes, {sections} sections ({ms} ms)',
};

/** Why the previous notes were kept; `{force}` is how to swap anyway. */
const KEPT: Record<NonNullable<ReloadReport['kept']>['reason'], Text> = {
  empty: {
    ko:
      '새로 읽은 노트가 0개예요. 폴더가 비었거나 동기화 중일 수 있어요. ' +
      '이전 노트 {previous}개로 계속 답해요. 그래도 바꾸려면 {force}',
    en:
      'The new read found 0 notes: the folder may be empty or mid-sync. ' +
      'Still answering from the previous {previous} notes. To swap anyway: {force}',
  },
  shrank: {
    ko:
      '새로 읽은 노트가 {found}개로, 이전 {previous}개의 절반도 안 돼요. ' +
      '이전 노트로 계속 답해요. 그래도 바꾸려면 {force}',
    en:
      'The new read found {found} notes, less than half of the previous {previous}. ' +
      'Still answering from the previous notes. To swap anyway: {force}',
  },
  failed: {
    ko: '노트를 읽지 못했어요: {detail}\n이전 노트 {previous}개로 계속 답해요.',
    en: 'Could not read the notes: {detail}\nStill answering from the previous {previous} notes.',
  },
};

export const command = {
  data: new SlashCommandBuilder()
    .setName('reload')
    .setDescription('Pull the note sources, re-read the notes and rebuild the search index (admins)')
    .setDescriptionLocalizations({ ko: '노트 출처를 받아 와 다시 읽고 검색 색인을 새로 만들기 (관리자)' })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addBooleanOption((o) =>
      o
        .setName('force')
        .setDescription('Swap in the new notes even if there are none or less than half as many')
        .setDescriptionLocalizations({ ko: '새 노트가 없거나 절반도 안 되어도 바꾸기' }),
    )
    .toJSON(),
  admin: true,
  ephemeral: () => true,
  async execute(ctx) {
    const report = await ctx.app.library.reload({ force: booleanOption(ctx, 'force') === true });
    const { notes, found, previous, kept, changes } = report;
    logReload(ctx.log, report, 'command');
    const warnings = report.warnings.map((w) => `• ${w.source ? `${w.source}/` : ''}${w.path}: ${w.reason}`).join('\n');
    const fields = [];
    if (changes) {
      const summary = t(ctx.lang, CHANGES, {
        added: changes.added.length,
        changed: changes.changed.length,
        removed: changes.removed.length,
        skipped: report.warnings.length,
      });
      const lines = changeLines(changes);
      fields.push({
        name: t(ctx.lang, { ko: '바뀐 노트', en: 'Changes' }),
        value: truncate(lines ? `${summary}\n\`\`\`diff\n${truncate(lines, 900)}\n\`\`\`` : summary, 1024),
      });
    }
    const sources = report.sources ?? [];
    if (sources.length > 1 || sources.some((s) => s.kind === 'git')) {
      const value = sources
        .map((s) =>
          t(ctx.lang, SOURCE_LINE, {
            name: s.name,
            notes: s.notes,
            commit: s.commit ? ` · ${s.commit.slice(0, 7)}` : '',
            error: s.lastError ? t(ctx.lang, SOURCE_ERROR, { error: truncate(s.lastError, 200) }) : '',
          }),
        )
        .join('\n');
      fields.push({ name: t(ctx.lang, { ko: '노트 출처', en: 'Note sources' }), value: truncate(value, 1024) });
    }
    if (warnings) fields.push({ name: t(ctx.lang, { ko: '건너뛴 파일', en: 'Skipped files' }), value: truncate(warnings, 1024) });
    const description = kept
      ? t(ctx.lang, KEPT[kept.reason], { previous, found, detail: truncate(kept.detail ?? '', 1000), force: FORCE })
      : t(ctx.lang, RELOADED, { notes, sections: report.sections, ms: Math.round(report.ms) });
    return {
      ephemeral: true,
      embeds: [
        {
          title: kept
            ? t(ctx.lang, { ko: '이전 노트를 그대로 쓰고 있어요', en: 'Kept the previous notes' })
            : t(ctx.lang, { ko: '노트를 다시 불러왔어요', en: 'Notes reloaded' }),
          description,
          color: kept || report.warnings.length ? COLORS.warning : COLORS.success,
          fields,
        },
      ],
    };
  },
} satisfies Command;
