import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { type Command, type CommandContext, guildOf, stringOption, UserError } from '../src/command.js';
import { t, type Lang, type Text } from '../src/i18n.js';
import {
  parseDraw,
  parseEnabled,
  parseOpenHours,
  parsePostTime,
  parseRole,
  parseTimeZone,
  timeZoneNames,
  type Parsed,
} from '../src/quiz/settings.js';
import { localTime } from '../src/quiz/time.js';
import { COLORS, LIMITS, type Reply } from '../src/reply.js';
import { WEEKDAYS } from '../src/habits/recap.js';
import { nextPost } from '../src/scheduler/plan.js';
import type { GuildSettings } from '../src/store/records.js';

const MSG = {
  title: { ko: '퀴즈 설정', en: 'Quiz settings' },
  savedFields: { ko: '저장했어요: {fields}', en: 'Saved: {fields}' },
  unchanged: { ko: '이미 그렇게 되어 있어요.', en: 'That was already the setting.' },
  needChannel: {
    ko: '퀴즈를 올릴 채널을 정해야 매일 퀴즈가 올라가요: `/config channel`',
    en: 'Pick the channel for the daily quiz to go out: `/config channel`',
  },
  needEnabled: {
    ko: '오늘의 퀴즈는 꺼져 있어요. `/config enabled`로 켜면 매일 {time}에 올라가요.',
    en: 'The daily quiz is off. Turn it on with `/config enabled` and it goes out daily at {time}.',
  },
  refused: { ko: '바꾸지 않았어요: {reason}', en: 'Not changed: {reason}' },
  badChannel: { ko: '`{value}`: 채널을 골라 주세요.', en: '`{value}`: pick a channel.' },
  unknownChannel: {
    ko: '이 서버에는 `{channel}` 채널이 없어요. 채널을 골라 주세요.',
    en: 'This server has no channel `{channel}`. Pick one of its channels.',
  },
  cannotPost: {
    ko: '<#{channel}>에 글을 올릴 수 없어요. 봇에게 필요한 권한: {missing}',
    en: 'The bot cannot post in <#{channel}>. Missing: {missing}',
  },
  missingValue: { ko: '값을 입력해 주세요.', en: 'Please give a value.' },
  channel: { ko: '채널', en: 'Channel' },
  time: { ko: '올리는 시각', en: 'Post time' },
  timezone: { ko: '시간대', en: 'Time zone' },
  openHours: { ko: '열려 있는 시간', en: 'Open for' },
  enabled: { ko: '사용', en: 'Enabled' },
  draw: { ko: '문제 출처', en: 'Questions from' },
  drawShipped: { ko: '기본 문제', en: 'shipped bank' },
  drawServer: { ko: '서버 문제 ({n}개)', en: "the server's own ({n})" },
  drawBoth: {
    ko: '모두 (서버 문제 {n}개를 먼저)',
    en: "both (the server's own {n} first)",
  },
  reviewerRole: { ko: '검토 역할', en: 'Reviewer role' },
  managersOnly: { ko: '(서버 관리 권한만)', en: '(Manage Server only)' },
  selfApprove: { ko: '자기 제안 승인', en: 'Approve own submissions' },
  hours: { ko: '{n}시간', en: '{n} h' },
  on: { ko: '켜짐', en: 'on' },
  off: { ko: '꺼짐', en: 'off' },
  notSet: { ko: '(정하지 않음: 퀴즈가 올라가지 않아요)', en: '(not set: no quiz is posted)' },
  next: { ko: '다음 퀴즈', en: 'Next quiz' },
  dstShift: {
    ko: '그날은 서머타임으로 {time}이 없어서 {real}에 올라가요',
    en: '{time} does not exist that day (daylight saving time); it posts at {real}',
  },
  recap: { ko: '주간 결산', en: 'Weekly recap' },
  recapValue: { ko: '매주 {day} {time}', en: 'every {day} at {time}' },
  recapNeedTime: {
    ko: '결산 시각을 HH:MM으로 정해 주세요 (예: `/config recap weekday:sun time:20:00`).',
    en: 'Give the recap time as HH:MM (e.g. `/config recap weekday:sun time:20:00`).',
  },
  badWeekday: {
    ko: '`{value}`: 요일은 mon, tue, wed, thu, fri, sat, sun 또는 off예요.',
    en: '`{value}`: the weekday is one of mon, tue, wed, thu, fri, sat, sun, or off.',
  },
  todayDone: {
    ko: '오늘 퀴즈는 이미 처리됐어요. 바뀐 설정은 다음 날부터 적용돼요.',
    en: "Today's quiz is already done; changes apply from the next day.",
  },
} satisfies Record<string, Text>;

const DAY_NAMES: Record<Lang, string[]> = {
  ko: ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const KOREAN_DAYS = ['월', '화', '수', '목', '금', '토', '일'];

/** mon..sun (or 월..일, Monday, 월요일) -> ISO weekday 1..7; 'off' -> null; anything else undefined */
export function parseWeekday(input: string): number | null | undefined {
  const word = input.trim().toLowerCase();
  if (['off', 'false', '끄기', '없음'].includes(word)) return null;
  const english = WEEKDAYS.findIndex((d) => word.startsWith(d));
  if (english >= 0 && /^[a-z]+$/.test(word)) return english + 1;
  const korean = KOREAN_DAYS.findIndex((d) => word === d || word === `${d}요일`);
  return korean >= 0 ? korean + 1 : undefined;
}

function refuse(lang: Lang, reason: string): never {
  throw new UserError(t(lang, MSG.refused, { reason }));
}

/** The settings as an embed: what is set, and when the next quiz goes out. */
export function showSettings(
  lang: Lang,
  settings: GuildSettings,
  lastDate: string | null,
  now: Date,
  headline?: string,
  ownQuestions = 0,
): Reply {
  const local = localTime(now, settings.timezone);
  const next = nextPost({ lastDate }, settings, now);
  const { doneToday } = next;
  const fields = [
    {
      name: t(lang, MSG.channel),
      value: settings.channelId ? `<#${settings.channelId}>` : t(lang, MSG.notSet),
      inline: true,
    },
    { name: t(lang, MSG.time), value: settings.postTime, inline: true },
    { name: t(lang, MSG.timezone), value: settings.timezone, inline: true },
    { name: t(lang, MSG.openHours), value: t(lang, MSG.hours, { n: settings.openHours }), inline: true },
    { name: t(lang, MSG.enabled), value: t(lang, settings.enabled ? MSG.on : MSG.off), inline: true },
    {
      name: t(lang, MSG.recap),
      value: settings.recap
        ? t(lang, MSG.recapValue, { day: DAY_NAMES[lang][settings.recap.weekday - 1] ?? '?', time: settings.recap.time })
        : t(lang, MSG.off),
      inline: true,
    },
    {
      name: t(lang, MSG.draw),
      value: t(
        lang,
        settings.draw === 'shipped' ? MSG.drawShipped : settings.draw === 'server' ? MSG.drawServer : MSG.drawBoth,
        { n: ownQuestions },
      ),
      inline: true,
    },
    {
      name: t(lang, MSG.reviewerRole),
      value: settings.reviewerRoleId ? `<@&${settings.reviewerRoleId}>` : t(lang, MSG.managersOnly),
      inline: true,
    },
    { name: t(lang, MSG.selfApprove), value: t(lang, settings.selfApprove ? MSG.on : MSG.off), inline: true },
  ];
  if (settings.enabled && settings.channelId) {
    // a quiz whose post time already passed today goes out at the next tick
    const shifted =
      next.time === settings.postTime
        ? ''
        : `\n${t(lang, MSG.dstShift, { time: settings.postTime, real: next.time })}`;
    const when = next.due
      ? `${local.date} ${local.time} (${settings.timezone})`
      : `${next.date} ${next.time} (${settings.timezone}) · <t:${Math.floor(next.at.getTime() / 1000)}:R>${shifted}`;
    fields.push({ name: t(lang, MSG.next), value: when, inline: false });
  }
  return {
    ephemeral: true,
    embeds: [
      {
        title: t(lang, MSG.title),
        description: [headline, doneToday ? t(lang, MSG.todayDone) : ''].filter(Boolean).join('\n') || undefined,
        fields,
        color: headline ? COLORS.success : COLORS.info,
      },
    ],
  };
}

/**
 * Saves a change and shows the card with what changed in bold, named in the headline, and the step still
 * missing before a quiz can go out (a channel, or turning it on).
 */
async function save(ctx: CommandContext, guildId: string, patch: Partial<GuildSettings>): Promise<Reply> {
  const quiz = ctx.app.quiz;
  const card = (settings: GuildSettings) =>
    showSettings(
      ctx.lang,
      settings,
      quiz.service.schedule(guildId).lastDate,
      quiz.clock(),
      undefined,
      quiz.service.questions.own(guildId).size,
    );
  const before = card(quiz.service.settings(guildId)).embeds?.[0]?.fields ?? [];
  const settings = await quiz.service.updateSettings(guildId, patch);
  ctx.log.info({ patch }, 'quiz settings changed');
  const reply = card(settings);
  const embed = reply.embeds?.[0];
  const changed = (embed?.fields ?? []).filter(
    (f) => f.name !== t(ctx.lang, MSG.next) && before.find((b) => b.name === f.name)?.value !== f.value,
  );
  for (const field of changed) field.value = `**${field.value}**`;
  const step = !settings.channelId
    ? t(ctx.lang, MSG.needChannel)
    : !settings.enabled
      ? t(ctx.lang, MSG.needEnabled, { time: settings.postTime })
      : '';
  const saved =
    changed.length > 0 ? t(ctx.lang, MSG.savedFields, { fields: changed.map((f) => f.name).join(', ') }) : t(ctx.lang, MSG.unchanged);
  if (embed) {
    embed.description = [saved, step, embed.description].filter(Boolean).join('\n');
    embed.color = COLORS.success;
  }
  return reply;
}

function check<T>(
  ctx: CommandContext,
  parsed: Parsed<T>,
  apply: (value: T) => Promise<Reply>,
): Promise<Reply> | Reply {
  return parsed.ok ? apply(parsed.value) : refuse(ctx.lang, t(ctx.lang, parsed.reason));
}

export const command = {
  data: new SlashCommandBuilder()
    .setName('config')
    .setDescription('Daily quiz settings for this server (admins)')
    .setDescriptionLocalizations({ ko: '이 서버의 오늘의 퀴즈 설정 (관리자)' })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s.setName('show').setDescription('Show the settings').setDescriptionLocalizations({ ko: '설정 보기' }),
    )
    .addSubcommand((s) =>
      s
        .setName('channel')
        .setDescription('Channel the daily quiz is posted in')
        .setDescriptionLocalizations({ ko: '오늘의 퀴즈를 올릴 채널' })
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('A text channel the bot can post in')
            .setDescriptionLocalizations({ ko: '봇이 글을 올릴 수 있는 채널' })
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('time')
        .setDescription('Post time, HH:MM in the server time zone')
        .setDescriptionLocalizations({ ko: '올리는 시각 (HH:MM, 서버 시간대 기준)' })
        .addStringOption((o) =>
          o
            .setName('time')
            .setDescription('e.g. 09:00')
            .setDescriptionLocalizations({ ko: '예: 09:00' })
            .setMaxLength(5)
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('timezone')
        .setDescription('IANA time zone, e.g. Asia/Seoul')
        .setDescriptionLocalizations({ ko: 'IANA 시간대 (예: Asia/Seoul)' })
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription('e.g. Asia/Seoul')
            .setDescriptionLocalizations({ ko: '예: Asia/Seoul' })
            .setMaxLength(64)
            .setAutocomplete(true)
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('open-hours')
        .setDescription('How many hours a quiz stays open (1-23)')
        .setDescriptionLocalizations({ ko: '퀴즈가 열려 있는 시간 (1-23)' })
        .addIntegerOption((o) =>
          o
            .setName('hours')
            .setDescription('1 to 23')
            .setDescriptionLocalizations({ ko: '1에서 23' })
            .setMinValue(1)
            .setMaxValue(23)
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('recap')
        .setDescription('A weekly recap in the quiz channel: weekday and time, or off')
        .setDescriptionLocalizations({ ko: '퀴즈 채널에 올리는 주간 결산: 요일과 시각, 또는 끄기' })
        .addStringOption((o) =>
          o
            .setName('weekday')
            .setNameLocalizations({ ko: '요일' })
            .setDescription('The day of the week, or off')
            .setDescriptionLocalizations({ ko: '요일, 또는 끄기' })
            .setRequired(true)
            .addChoices(
              ...WEEKDAYS.map((value, i) => ({
                name: DAY_NAMES.en[i]!,
                name_localizations: { ko: DAY_NAMES.ko[i]! },
                value,
              })),
              { name: 'off', name_localizations: { ko: '끄기' }, value: 'off' },
            ),
        )
        .addStringOption((o) =>
          o
            .setName('time')
            .setDescription('HH:MM in the server time zone, e.g. 20:00')
            .setDescriptionLocalizations({ ko: 'HH:MM (서버 시간대 기준, 예: 20:00)' })
            .setMaxLength(5),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('enabled')
        .setDescription('Turn the daily quiz on or off')
        .setDescriptionLocalizations({ ko: '오늘의 퀴즈 켜기/끄기' })
        .addBooleanOption((o) =>
          o
            .setName('enabled')
            .setDescription('on or off')
            .setDescriptionLocalizations({ ko: '켜기/끄기' })
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('draw')
        .setDescription("Where the daily quiz draws from: shipped, the server's own, or both")
        .setDescriptionLocalizations({ ko: '오늘의 퀴즈 문제 출처: 기본, 서버 문제, 모두' })
        .addStringOption((o) =>
          o
            .setName('from')
            .setDescription('shipped, server or both (default: both, own questions first)')
            .setDescriptionLocalizations({ ko: 'shipped, server, both (기본값 both: 서버 문제 먼저)' })
            .addChoices(
              { name: 'shipped', value: 'shipped', name_localizations: { ko: '기본 문제' } },
              { name: 'server', value: 'server', name_localizations: { ko: '서버 문제' } },
              { name: 'both', value: 'both', name_localizations: { ko: '모두' } },
            )
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('self-approve')
        .setDescription('Let a reviewer approve their own submission (a server with one reviewer)')
        .setDescriptionLocalizations({ ko: '검토자가 자기 제안을 승인해도 되는지 (검토자가 한 명인 서버)' })
        .addBooleanOption((o) =>
          o
            .setName('allowed')
            .setDescription('on or off (default off)')
            .setDescriptionLocalizations({ ko: '켜기/끄기 (기본값 끄기)' })
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('reviewer-role')
        .setDescription('Role whose members review submitted and reported questions (empty: Manage Server only)')
        .setDescriptionLocalizations({ ko: '제출·신고된 문제를 검토할 역할 (비우면 서버 관리 권한만)' })
        .addRoleOption((o) =>
          o.setName('role').setDescription('the reviewers').setDescriptionLocalizations({ ko: '검토자 역할' }),
        ),
    )
    .toJSON(),
  admin: true,
  ephemeral: () => true,
  async execute(ctx) {
    const guildId = guildOf(ctx);
    const quiz = ctx.app.quiz;
    const missing = () => refuse(ctx.lang, t(ctx.lang, MSG.missingValue));
    switch (ctx.subcommand) {
      case 'channel': {
        const value = stringOption(ctx, 'channel')?.trim() ?? '';
        const id = /^<#(\d+)>$/.exec(value)?.[1] ?? value;
        if (!/^\d{17,20}$/.test(id))
          return refuse(ctx.lang, t(ctx.lang, MSG.badChannel, { value: value.slice(0, 40) }));
        const access = await quiz.gateway.checkChannel(guildId, id);
        if (access.unknown) return refuse(ctx.lang, t(ctx.lang, MSG.unknownChannel, { channel: id }));
        if (!access.ok)
          return refuse(
            ctx.lang,
            t(ctx.lang, MSG.cannotPost, { channel: id, missing: access.missing.join(', ') || '?' }),
          );
        return save(ctx, guildId, { channelId: id });
      }
      case 'time': {
        const value = stringOption(ctx, 'time');
        if (value === undefined) return missing();
        return check(ctx, parsePostTime(value), (postTime) => save(ctx, guildId, { postTime }));
      }
      case 'timezone': {
        const value = stringOption(ctx, 'timezone');
        if (value === undefined) return missing();
        return check(ctx, parseTimeZone(value), (timezone) => save(ctx, guildId, { timezone }));
      }
      case 'open-hours': {
        const value = ctx.options.hours;
        if (value === undefined) return missing();
        return check(ctx, parseOpenHours(value), (openHours) => save(ctx, guildId, { openHours }));
      }
      case 'enabled': {
        const value = ctx.options.enabled;
        if (value === undefined) return missing();
        return check(ctx, parseEnabled(value), (enabled) => save(ctx, guildId, { enabled }));
      }
      case 'recap': {
        const raw = stringOption(ctx, 'weekday') ?? '';
        const weekday = parseWeekday(raw);
        if (weekday === undefined)
          return refuse(ctx.lang, t(ctx.lang, MSG.badWeekday, { value: raw.replace(/`/g, '').slice(0, 20) }));
        if (weekday === null) return save(ctx, guildId, { recap: null });
        const time = stringOption(ctx, 'time') ?? quiz.service.settings(guildId).recap?.time;
        if (time === undefined) return refuse(ctx.lang, t(ctx.lang, MSG.recapNeedTime));
        return check(ctx, parsePostTime(time), (value) => save(ctx, guildId, { recap: { weekday, time: value } }));
      }
      case 'draw': {
        const value = ctx.options.from;
        if (value === undefined) return missing();
        return check(ctx, parseDraw(value), (draw) => save(ctx, guildId, { draw }));
      }
      case 'self-approve': {
        const value = ctx.options.allowed;
        if (value === undefined) return missing();
        return check(ctx, parseEnabled(value), (selfApprove) => save(ctx, guildId, { selfApprove }));
      }
      case 'reviewer-role':
        return check(ctx, parseRole(ctx.options.role), (reviewerRoleId) => save(ctx, guildId, { reviewerRoleId }));
      default:
        return showSettings(
          ctx.lang,
          quiz.service.settings(guildId),
          quiz.service.schedule(guildId).lastDate,
          quiz.clock(),
          undefined,
          quiz.service.questions.own(guildId).size,
        );
    }
  },
  autocomplete(_ctx, focused) {
    const typed = focused.value.trim().toLowerCase();
    return timeZoneNames()
      .filter((zone) => zone.toLowerCase().includes(typed))
      .slice(0, LIMITS.choices)
      .map((zone) => ({ name: zone, value: zone }));
  },
} satisfies Command;
