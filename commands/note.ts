import { SlashCommandBuilder } from 'discord.js';
import { noteExpired, noteNotFound, showSection } from '../src/notes/pages.js';
import { findSection, suggestTopics } from '../src/notes/topics.js';
import { type Command, stringOption } from '../src/command.js';

export const command = {
  data: new SlashCommandBuilder()
    .setName('note')
    .setDescription('Show a section of the study notes')
    .setDescriptionLocalizations({ ko: '스터디 노트의 한 부분 보기' })
    .addStringOption((o) =>
      o
        .setName('topic')
        .setNameLocalizations({ ko: '주제' })
        .setDescription('Note title or heading (type to search, ㅋㅂㄴㅌㅅ works too)')
        .setDescriptionLocalizations({ ko: '노트 제목이나 소제목 (초성 검색 가능)' })
        .setRequired(true)
        .setMaxLength(200)
        .setAutocomplete(true),
    )
    .toJSON(),
  async execute(ctx) {
    const library = ctx.app.library.current;
    const value = stringOption(ctx, 'topic') ?? '';
    const section = findSection(library, value);
    return section ? showSection(section, 0, ctx.lang, ctx.app.notesBaseUrl) : noteNotFound(value, ctx.lang);
  },
  autocomplete(ctx, focused) {
    return suggestTopics(ctx.app.library.current, focused.value);
  },
  // note:open:<sectionId> (from /ask) and note:page:<sectionId>:<page> (page buttons)
  async button(ctx, [action, id = '', page = '0']) {
    const section = ctx.app.library.current.byId.get(id);
    if (!section) return noteExpired(ctx.lang);
    const n = Number.parseInt(page, 10) || 0;
    if (action === 'open') return showSection(section, 0, ctx.lang, ctx.app.notesBaseUrl, true);
    return { ...showSection(section, n, ctx.lang, ctx.app.notesBaseUrl), update: true };
  },
} satisfies Command;
