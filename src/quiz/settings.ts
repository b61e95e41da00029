import type { Text } from '../i18n.js';

/** Validation of the /config values; a refusal carries its reason in both languages. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Text };

export function parsePostTime(input: string): Parsed<string> {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(input);
  if (!m) {
    return { ok: false, reason: { ko: `\`${input}\`: HH:MM 형식(예: 09:00, 21:30)으로 입력하세요.`, en: `\`${input}\`: use HH:MM (e.g. 09:00, 21:30).` } };
  }
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) {
    return {
      ok: false,
      reason: { ko: `\`${input}\`: 시는 00–23, 분은 00–59 사이여야 합니다.`, en: `\`${input}\`: the hour must be 00–23 and the minute 00–59.` },
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
      ko: `\`${zone}\`: 알 수 없는 시간대입니다. Asia/Seoul, America/New_York 같은 IANA 이름을 쓰세요.`,
      en: `\`${zone}\`: unknown time zone. Use an IANA name such as Asia/Seoul or America/New_York.`,
    },
  };
  // IANA names only: "EST" or "+09:00" are accepted by Intl but are not what people mean by a zone
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) || (!zone.includes('/') && zone.toUpperCase() !== 'UTC')) return refuse;
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
    return { ok: false, reason: { ko: `\`${shown}\`: 1에서 23 사이의 정수(시간)여야 합니다.`, en: `\`${shown}\`: must be a whole number of hours from 1 to 23.` } };
  }
  return { ok: true, value: hours };
}

let zones: string[] | undefined;

/** IANA zones for autocomplete (Intl knows them; no list to maintain) */
export function timeZoneNames(): string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}
