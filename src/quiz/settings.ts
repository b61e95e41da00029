import type { Text } from '../i18n.js';
import type { DrawFrom } from '../store/records.js';
import type { Period } from './standings.js';

/** Validation of the /config (and /leaderboard) values; a refusal carries its reason in both languages. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Text };

export function parsePostTime(input: string): Parsed<string> {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(input);
  if (!m) {
    return {
      ok: false,
      reason: {
        ko: `\`${input}\`: HH:MM 형식(예: 09:00, 21:30)으로 입력하세요.`,
        en: `\`${input}\`: use HH:MM (e.g. 09:00, 21:30).`,
      },
    };
  }
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) {
    return {
      ok: false,
      reason: {
        ko: `\`${input}\`: 시는 00–23, 분은 00–59 사이여야 합니다.`,
        en: `\`${input}\`: the hour must be 00–23 and the minute 00–59.`,
      },
    };
  }
  return { ok: true, value: `${String(hour).padStart(2, '0')}:${m[2]}` };
}

/** An IANA zone, returned in its canonical spelling (asia/seoul -> Asia/Seoul). */
export function parseTimeZone(input: string): Parsed<string> {
  const zone = input.trim();
  const refuse: Parsed<string> = {
    ok: false,
    reason: {
      ko:
        `\`${zone}\`: 알 수 없는 시간대입니다. ` +
        'Asia/Seoul, America/New_York 같은 IANA 이름을 쓰세요.',
      en: `\`${zone}\`: unknown time zone. Use an IANA name such as Asia/Seoul or America/New_York.`,
    },
  };
  // IANA names only: "EST" or "+09:00" are accepted by Intl but are not what people mean by a zone
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) || (!zone.includes('/') && zone.toUpperCase() !== 'UTC')) {
    return refuse;
  }
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return { ok: true, value: canonical };
  } catch {
    return refuse;
  }
}

/** `input` as the option arrived: a number, or whatever a stale client sent instead */
export function parseOpenHours(input: unknown): Parsed<number> {
  const hours = typeof input === 'number' ? input : /^\s*\d+\s*$/.test(String(input)) ? Number(input) : NaN;
  if (!Number.isInteger(hours) || hours < 1 || hours > 23) {
    const shown = String(input).replace(/`/g, '').slice(0, 20);
    return {
      ok: false,
      reason: {
        ko: `\`${shown}\`: 1에서 23 사이의 정수(시간)여야 합니다.`,
        en: `\`${shown}\`: must be a whole number of hours from 1 to 23.`,
      },
    };
  }
  return { ok: true, value: hours };
}

const shown = (input: unknown) => String(input).replace(/`/g, '').slice(0, 20);

const YES = ['true', 'yes', 'on', '1', '예', '네', '켜기', '켜짐'];
const NO = ['false', 'no', 'off', '0', '아니요', '아니오', '끄기', '꺼짐'];

/** on/off as Discord sends it (a boolean) or as typed in the console; anything else is refused, never read as off */
export function parseEnabled(input: unknown): Parsed<boolean> {
  if (typeof input === 'boolean') return { ok: true, value: input };
  const word = String(input).trim().toLowerCase();
  if (YES.includes(word)) return { ok: true, value: true };
  if (NO.includes(word)) return { ok: true, value: false };
  return {
    ok: false,
    reason: {
      ko: `\`${shown(input)}\`: true(켜기) 또는 false(끄기)로 입력하세요.`,
      en: `\`${shown(input)}\`: use true (on) or false (off).`,
    },
  };
}

const PERIODS: Record<string, Period> = {
  all: 'all',
  week: 'week',
  month: 'month',
  전체: 'all',
  '이번 주': 'week',
  '이번 달': 'month',
};

/** a /leaderboard period; missing means all time, an unknown one is refused (not silently all time) */
export function parsePeriod(input: string | undefined): Parsed<Period> {
  if (input === undefined) return { ok: true, value: 'all' };
  const period = PERIODS[input.trim().toLowerCase()];
  if (period) return { ok: true, value: period };
  return {
    ok: false,
    reason: {
      ko: `\`${shown(input)}\`: 기간은 all(전체), week(이번 주), month(이번 달) 중 하나예요.`,
      en: `\`${shown(input)}\`: the period is one of all, week, month.`,
    },
  };
}

const DRAWS: Record<string, DrawFrom> = {
  shipped: 'shipped',
  server: 'server',
  both: 'both',
  기본: 'shipped',
  서버: 'server',
  모두: 'both',
};

/** where the daily quiz draws from: shipped, server or both */
export function parseDraw(input: unknown): Parsed<DrawFrom> {
  const draw = DRAWS[String(input).trim().toLowerCase()];
  if (draw) return { ok: true, value: draw };
  return {
    ok: false,
    reason: {
      ko: `\`${shown(input)}\`: shipped(기본 문제), server(서버 문제), both(모두) 중 하나예요.`,
      en: `\`${shown(input)}\`: one of shipped, server, both.`,
    },
  };
}

/** a role as Discord sends it (an id) or as typed in the console (<@&id>); empty clears it */
export function parseRole(input: unknown): Parsed<string | null> {
  const value = input === undefined ? '' : String(input).trim();
  if (value === '' || value === 'none') return { ok: true, value: null };
  const id = /^<@&(\d+)>$/.exec(value)?.[1] ?? value;
  if (/^\d{17,20}$/.test(id)) return { ok: true, value: id };
  return {
    ok: false,
    reason: { ko: `\`${shown(input)}\`: 역할을 골라 주세요.`, en: `\`${shown(input)}\`: pick a role.` },
  };
}

let zones: string[] | undefined;

/** IANA zones for autocomplete (Intl knows them; no list to maintain) */
export function timeZoneNames(): string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}
