import { describe, expect, it } from 'vitest';
import { parseEnabled, parseOpenHours, parsePeriod, parsePostTime, parseTimeZone } from '../src/quiz/settings.js';
import { addDays, isoWeek, localTime, monthOf } from '../src/quiz/time.js';

describe('server-local calendar', () => {
  it('ISO weeks across year boundaries', () => {
    expect(isoWeek('2024-09-29')).toBe('2024-W39'); // Sunday
    expect(isoWeek('2024-09-30')).toBe('2024-W40'); // Monday
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(monthOf('2024-10-31')).toBe('2024-10');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('the local date and time come from the server zone, not the host', () => {
    const instant = new Date('2024-10-01T15:30:00Z');
    expect(localTime(instant, 'Asia/Seoul')).toMatchObject({ date: '2024-10-02', time: '00:30' });
    expect(localTime(instant, 'America/New_York')).toMatchObject({ date: '2024-10-01', time: '11:30' });
    expect(localTime(new Date('2024-10-01T15:00:00Z'), 'Asia/Seoul').time).toBe('00:00'); // never "24:00"
  });

  it('parses settings values or gives the reason', () => {
    expect(parsePostTime('9:05')).toEqual({ ok: true, value: '09:05' });
    expect(parsePostTime('23:59')).toEqual({ ok: true, value: '23:59' });
    expect(parsePostTime('24:00').ok).toBe(false);
    expect(parseTimeZone('asia/seoul')).toEqual({ ok: true, value: 'Asia/Seoul' });
    expect(parseTimeZone('UTC')).toMatchObject({ ok: true });
    expect(parseTimeZone('+09:00').ok).toBe(false);
    expect(parseOpenHours(1.5).ok).toBe(false);
    expect(parseOpenHours(23)).toEqual({ ok: true, value: 23 });
    expect(parseEnabled(false)).toEqual({ ok: true, value: false });
    expect(parseEnabled('ON')).toEqual({ ok: true, value: true });
    expect(parseEnabled('끄기')).toEqual({ ok: true, value: false });
    expect(parseEnabled('maybe').ok).toBe(false);
    expect(parseEnabled('').ok).toBe(false);
    expect(parsePeriod(undefined)).toEqual({ ok: true, value: 'all' });
    expect(parsePeriod('Month')).toEqual({ ok: true, value: 'month' });
    expect(parsePeriod('year').ok).toBe(false);
  });
});
