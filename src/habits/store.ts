import { KeyedMutex } from '../store/mutex.js';
import type { Store } from '../store/open.js';

/**
 * What the study-habit features keep, one key per server and kind, next to the
 * quiz's keys and under the same rule: a server is served by one process (its
 * shard), so each key has one writer and an in-process lock per key is enough.
 *
 * - `g:<guild>:reminders`: member id -> their review reminder (and the day it last went out)
 * - `g:<guild>:recap`: the weekly recap's claims (the last week claimed, the post in flight)
 * - `g:<guild>:asks`: /ask answers per note per ISO week (counts only: no member, no question)
 * - `g:<guild>:names`: the name each recent member last used the bot under (pictures cannot show a mention)
 */

export interface Reminder {
  /** 'HH:MM' local */
  time: string;
  /** the member's own IANA zone; null: the server's */
  timezone: string | null;
  /** true while on; false after `off` or a closed DM */
  on: boolean;
  /** why it went off by itself: the member's DMs were closed (shown in /review) */
  offReason: 'dm-closed' | null;
  /** local date the reminder last went out (or was checked with nothing due): never twice for it */
  lastDate: string | null;
  /** when that claim was made (epoch ms), for the logs and support questions */
  lastAt: number | null;
}

export interface RecapClaim {
  /** ISO week the recap reports on, e.g. '2026-W10' */
  week: string;
  state: 'posting' | 'posted' | 'skipped' | 'failed';
  claimedAt: number;
  attempts: number;
  messageId: string | null;
  lastError: string | null;
}

export interface RecapState {
  /** the newest claimed week: a week is never claimed twice, nor one before it */
  lastWeek: string | null;
  /** the recent claims, oldest first */
  claims: RecapClaim[];
}

/** ISO week -> note path -> /ask answers from it */
export type AskCounts = Record<string, Record<string, number>>;

export const remindersKey = (guildId: string) => `g:${guildId}:reminders`;
export const recapKey = (guildId: string) => `g:${guildId}:recap`;
export const asksKey = (guildId: string) => `g:${guildId}:asks`;
export const namesKey = (guildId: string) => `g:${guildId}:names`;

const KEEP_CLAIMS = 8;
const KEEP_ASK_WEEKS = 3;
/** names kept per server: the most recently active members (the boards' and recaps' people) */
const KEEP_NAMES = 2000;

const emptyRecap = (): RecapState => ({ lastWeek: null, claims: [] });

export class HabitStore {
  private readonly mutex = new KeyedMutex();
  private readonly reminderCache = new Map<string, Record<string, Reminder>>();
  private readonly recapCache = new Map<string, RecapState>();
  private readonly askCache = new Map<string, AskCounts>();
  private readonly nameCache = new Map<string, Record<string, string>>();

  constructor(private readonly keyv: Store) {}

  /** Takes this module's keys from the quiz store's one pass over every key at start; false: not ours. */
  accept(key: string, value: unknown): boolean {
    const [kind, guildId, what] = key.split(':');
    if (kind !== 'g' || !guildId || !value || typeof value !== 'object') return false;
    if (what === 'reminders') this.reminderCache.set(guildId, value as Record<string, Reminder>);
    else if (what === 'recap') this.recapCache.set(guildId, { ...emptyRecap(), ...(value as Partial<RecapState>) });
    else if (what === 'asks') this.askCache.set(guildId, value as AskCounts);
    else if (what === 'names') this.nameCache.set(guildId, value as Record<string, string>);
    else return false;
    return true;
  }

  /** servers where some member has a reminder on */
  reminderGuilds(): string[] {
    return [...this.reminderCache].filter(([, r]) => Object.values(r).some((x) => x.on)).map(([g]) => g);
  }

  reminders(guildId: string): Record<string, Reminder> {
    return this.reminderCache.get(guildId) ?? {};
  }

  /** Read-modify-write of one member's reminder; `change` returns undefined to remove it. */
  updateReminder(
    guildId: string,
    userId: string,
    change: (current: Reminder | undefined) => Reminder | undefined,
  ): Promise<Reminder | undefined> {
    return this.update(this.reminderCache, remindersKey(guildId), guildId, {}, (all) => {
      const next = change(all[userId]);
      const { [userId]: _, ...rest } = all;
      return { value: next ? { ...rest, [userId]: next } : rest, result: next };
    });
  }

  recap(guildId: string): RecapState {
    return this.recapCache.get(guildId) ?? emptyRecap();
  }

  updateRecap(guildId: string, change: (current: RecapState) => RecapState): Promise<RecapState> {
    return this.update(this.recapCache, recapKey(guildId), guildId, emptyRecap(), (s) => {
      const next = change(s);
      const value = { ...next, claims: next.claims.slice(-KEEP_CLAIMS) };
      return { value, result: value };
    });
  }

  asks(guildId: string): AskCounts {
    return this.askCache.get(guildId) ?? {};
  }

  /** One more /ask answered from `note` in `week`; only the recent weeks are kept. */
  countAsk(guildId: string, week: string, note: string): Promise<void> {
    return this.update(this.askCache, asksKey(guildId), guildId, {}, (counts) => {
      const weekCounts = { ...counts[week], [note]: (counts[week]?.[note] ?? 0) + 1 };
      const weeks = Object.keys({ ...counts, [week]: weekCounts }).sort().slice(-KEEP_ASK_WEEKS);
      const value = Object.fromEntries(weeks.map((w) => [w, w === week ? weekCounts : counts[w]!]));
      return { value, result: undefined };
    });
  }

  name(guildId: string, userId: string): string | undefined {
    return this.nameCache.get(guildId)?.[userId];
  }

  /** Stores a member's name when it changed (a write the first time, then only on a new name). */
  async rememberName(guildId: string, userId: string, name: string): Promise<void> {
    if (!name || this.name(guildId, userId) === name) return;
    await this.update(this.nameCache, namesKey(guildId), guildId, {}, (names) => {
      // re-inserted last: the oldest entries are the ones dropped
      const { [userId]: _, ...rest } = names;
      const entries = Object.entries({ ...rest, [userId]: name.slice(0, 64) });
      return { value: Object.fromEntries(entries.slice(-KEEP_NAMES)), result: undefined };
    });
  }

  /** Serialised per key, written through: the cache changes only once the store acknowledged the write. */
  private update<V, R>(
    cache: Map<string, V>,
    key: string,
    guildId: string,
    empty: V,
    change: (current: V) => { value: V; result: R },
  ): Promise<R> {
    return this.mutex.run(key, async () => {
      const { value, result } = change(structuredClone(cache.get(guildId) ?? empty));
      const ok = await this.keyv.set(key, value);
      if (ok === false) throw new Error(`store: writing ${key} failed`);
      cache.set(guildId, value);
      return result;
    });
  }
}
