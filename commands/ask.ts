import { SlashCommandBuilder } from 'discord.js';
import { answerQuestion, MAX_QUESTION } from '../src/notes/ask.js';
import { booleanOption, type Command, stringOption } from '../src/command.js';

export const command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the study notes a question (Korean or English)')
    .setDescriptionLocalizations({ ko: '스터디 노트에 질문하기 (한국어/영어)' })
    .addStringOption((o) =>
      o
        .setName('question')
        .setNameLocalizations({ ko: '질문' })
        .setDescription('What do you want to know? e.g. 파드와 컨테이너의 차이')
        .setDescriptionLocalizations({ ko: '궁금한 것 (예: 파드와 컨테이너의 차이)' })
        .setRequired(true)
        .setMaxLength(MAX_QUESTION * 2),
    )
    .addBooleanOption((o) =>
      o
        .setName('private')
        .setNameLocalizations({ ko: '나만보기' })
        .setDescription('Only you see the answer')
        .setDescriptionLocalizations({ ko: '답을 나만 봅니다' }),
    )
    .toJSON(),
  ephemeral: (ctx) => booleanOption(ctx, 'private') ?? false,
  async execute(ctx) {
    const { reply, section, answered } = answerQuestion(
      ctx.app.library.current,
      stringOption(ctx, 'question') ?? '',
      ctx.lang,
      ctx.app.notesBaseUrl,
    );
    if (answered && section && ctx.guildId) {
      // the weekly recap's "notes most asked about": a count per note, nothing about who asked or what
      await ctx.app.quiz.habits
        .countAsk(ctx.guildId, section.path)
        .catch((err: unknown) => ctx.log.warn({ err }, 'counting the /ask answer failed'));
    }
    return booleanOption(ctx, 'private') ? { ...reply, ephemeral: true } : reply;
  },
} satisfies Command;
