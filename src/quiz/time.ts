/**
 * Server-local calendar math with Intl only. A server's day, post time, ISO
 * week and month all come from its IANA zone, so a streak or a weekly board
 * never depends on the host's clock zone.
 */

export interface LocalTime {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM' (24 h) */
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // creating a formatter is slow; one per zone is reused for every tick and answer
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallParts(
  instant: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const { year, month, day, hour, minute } = wallParts(instant, timeZone);
  return {
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    year,
    month,
    day,
    hour,
    minute,
  };
}

/** offset of the zone from UTC at an instant, in milliseconds */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = wallParts(new Date(epochMs), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant a server-local wall time happens. A time skipped by a DST jump
 * (02:30 on a spring-forward day) maps to the instant just after the gap at the
 * same distance (03:30); a repeated one (01:30 on a fall-back day) to its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // try the offsets in force a day either side; keep the earliest instant that shows this wall time
  const candidates = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)];
  const exact = candidates
    .map((offset) => wall - offset)
    .filter((t) => {
      const l = localTime(new Date(t), timeZone);
      return l.date === date && l.time === time;
    });
  if (exact.length > 0) return new Date(Math.min(...exact));
  // in a gap: use the offset from before the jump
  return new Date(wall - candidates[0]!);
}

/**
 * The instant the daily quiz of `date` really goes out: the first minute whose
 * local time is at or after `postTime`, as the scheduler's tick compares them.
 * Usually `zonedInstant`; for a time skipped by a DST jump (New York 02:30,
 * Chatham 02:45 on the spring-forward day) it is the jump itself (03:00, 03:45).
 */
export function postInstant(date: string, postTime: string, timeZone: string): Date {
  const guess = zonedInstant(date, postTime, timeZone);
  if (localTime(guess, timeZone).time === postTime) return guess;
  // in a gap: the answer lies within the gap's width (at most a few hours) before the guess
  const reached = (t: number) => {
    const l = localTime(new Date(t), timeZone);
    return l.date > date || (l.date === date && l.time >= postTime);
  };
  let lo = Math.floor(guess.getTime() / 60_000) - 180; // minutes; `reached` is false here
  let hi = Math.floor(guess.getTime() / 60_000); // and true here
  if (reached(lo * 60_000)) return guess;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(mid * 60_000)) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 60_000);
}

/** 'YYYY-MM-DD' -> '2024-W40' (ISO 8601 week: weeks start Monday, week 1 holds the first Thursday) */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = Date.UTC(y, m - 1, d);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const weekYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * 86_400_000));
  return `${weekYear}-W${pad(week)}`;
}

/** 'YYYY-MM-DD' plus n calendar days */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' -> 'YYYY-MM' */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
