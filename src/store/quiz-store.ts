import { KeyedMutex } from './mutex.js';
import type { Store } from './open.js';
import { emptyQueue, type ReviewQueue } from '../quiz/queue.js';
import { GuildIndex } from '../quiz/standings.js';
import { emptyStats, type GuildStats } from '../quiz/stats.js';
import {
  bankKey,
  queueKey,
  statsKey,
  defaultSettings,
  emptySchedule,
  emptyServerBank,
  normalizeUser,
  parseKey,
  scheduleKey,
  settingsKey,
  userKey,
  type GuildSettings,
  type ScheduleState,
  type ServerBank,
  type UserRecord,
} from './records.js';

/**
 * The records in keyv, with the two rules that keep them right:
 * writes to one key are serialised (KeyedMutex), and a write counts only once
 * keyv's set() resolved. Server settings and schedules are few and written only
 * by this process, so they are cached (write-through); user records are read
 * from the store on every change and summarised into the in-memory indexes.
 *
 * Who may write what (the same on SQLite, Redis and PostgreSQL): every key is
 * per server (`u:<guild>:<user>`, `g:<guild>:settings`, `g:<guild>:schedule`), and
 * a server is served by exactly one process (one shard: Discord sends all of a
 * server's interactions to the shard that owns it). So each key has a single
 * writer, and an in-process lock is enough; keyv's plain get/set carry no
 * compare-and-set. Nothing is written by two processes, so no record needs the
 * backends' atomic operations (SET NX, INSERT ... ON CONFLICT).
 * The daily quiz keeps to that too: load() reads every server in the namespace and
 * guildIds() lists them all, but the scheduler only runs the ones this process
 * owns (its ownsGuild); the others' cached settings and schedules go unused.
 */
export class QuizStore {
  private readonly mutex = new KeyedMutex();
  private readonly settingsCache = new Map<string, GuildSettings>();
  private readonly scheduleCache = new Map<string, ScheduleState>();
  private readonly bankCache = new Map<string, ServerBank>();
  private readonly queueCache = new Map<string, ReviewQueue>();
  private readonly statsCache = new Map<string, GuildStats>();
  private readonly indexes = new Map<string, GuildIndex>();

  constructor(
    readonly keyv: Store,
    private readonly tzDefault: string,
  ) {}

  /**
   * One pass over every key: settings and schedules into the caches, user records into the indexes.
   * Needs keyv.iterator: SQLite, Redis and PostgreSQL all have one (see open.ts).
   */
  async load(
    /** keys of other modules (the study-habit records) are handed to it in the same pass */
    other?: (key: string, value: unknown) => void,
  ): Promise<{ users: number; guilds: number }> {
    if (!this.keyv.iterator) throw new Error('this keyv store cannot be iterated; the leaderboards cannot be rebuilt');
    let users = 0;
    for await (const [key, value] of this.keyv.iterator(undefined) as AsyncGenerator<[string, unknown]>) {
      const parsed = parseKey(key);
      if (parsed.kind === 'user') {
        const rec = normalizeUser(value);
        const index = this.index(parsed.guildId);
        index.put(parsed.userId, rec);
        // only the newest daily answer can belong to a quiz still open
        const latest = Object.keys(rec.daily).sort().pop();
        if (latest !== undefined) index.countAnswer(latest, rec.daily[latest]!);
        users += 1;
      } else if (parsed.kind === 'settings') {
        this.settingsCache.set(parsed.guildId, {
          ...defaultSettings(this.tzDefault),
          ...(value as Partial<GuildSettings>),
        });
      } else if (parsed.kind === 'schedule') {
        this.scheduleCache.set(parsed.guildId, { ...emptySchedule(), ...(value as Partial<ScheduleState>) });
      } else if (parsed.kind === 'stats') {
        this.statsCache.set(parsed.guildId, { ...emptyStats(), ...(value as Partial<GuildStats>) });
      } else if (parsed.kind === 'queue') {
        this.queueCache.set(parsed.guildId, { ...emptyQueue(), ...(value as Partial<ReviewQueue>) });
      } else if (parsed.kind === 'bank') {
        this.bankCache.set(parsed.guildId, { ...emptyServerBank(), ...(value as Partial<ServerBank>) });
      } else other?.(key, value);
    }
    return { users, guilds: this.settingsCache.size };
  }

  /** servers an admin has configured */
  guildIds(): string[] {
    return [...this.settingsCache.keys()];
  }

  settings(guildId: string): GuildSettings {
    return this.settingsCache.get(guildId) ?? defaultSettings(this.tzDefault);
  }

  async updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    // read-modify-write of the cache, never re-read from the store: right because this
    // process is the only writer of its servers' keys (one shard per server)
    const key = settingsKey(guildId);
    return this.mutex.run(key, async () => {
      const next = change(this.settings(guildId));
      await this.write(key, next);
      this.settingsCache.set(guildId, next);
      return next;
    });
  }

  schedule(guildId: string): ScheduleState {
    return this.scheduleCache.get(guildId) ?? emptySchedule();
  }

  async updateSchedule(guildId: string, change: (current: ScheduleState) => ScheduleState): Promise<ScheduleState> {
    // The daily post claim (lastDate, then a 'posting' quiz) is decided on this cached copy
    // under the scheduler's per-server lock and this key's mutex: exactly once per local date
    // because one process owns the server. A second process posting for the same server
    // would not see the claim (its cache is from its own start); sharding must prevent that.
    const key = scheduleKey(guildId);
    return this.mutex.run(key, async () => {
      // structuredClone: a failed write must leave the cached state untouched
      const next = change(structuredClone(this.schedule(guildId)));
      await this.write(key, next);
      this.scheduleCache.set(guildId, next);
      return next;
    });
  }

  /** Reads one server's bank from the store into the cache (the command line; the bot before a change or a draw). */
  async loadBank(guildId: string): Promise<ServerBank> {
    const value = (await this.keyv.get(bankKey(guildId))) as Partial<ServerBank> | undefined;
    const bank = { ...emptyServerBank(), ...(value ?? {}) };
    this.bankCache.set(guildId, bank);
    return bank;
  }

  /**
   * the server's own questions, cached; re-read from the store before every change and before the
   * daily draw, so an operator's `bank import` made while the bot runs is kept, not overwritten
   */
  bank(guildId: string): ServerBank {
    return this.bankCache.get(guildId) ?? emptyServerBank();
  }

  /** One write of the whole bank: an import lands all at once or not at all. `change` returns null: no write. */
  async updateBank(guildId: string, change: (current: ServerBank) => ServerBank | null): Promise<ServerBank> {
    const key = bankKey(guildId);
    return this.mutex.run(key, async () => {
      const next = change(structuredClone(await this.loadBank(guildId)));
      if (next === null) return this.bank(guildId);
      await this.write(key, next);
      this.bankCache.set(guildId, next);
      return next;
    });
  }

  /** how the server's questions fared (stats.ts) */
  stats(guildId: string): GuildStats {
    return this.statsCache.get(guildId) ?? emptyStats();
  }

  async updateStats(guildId: string, change: (current: GuildStats) => GuildStats | null): Promise<void> {
    const key = statsKey(guildId);
    await this.mutex.run(key, async () => {
      const next = change(structuredClone(this.stats(guildId)));
      if (next === null) return;
      await this.write(key, next);
      this.statsCache.set(guildId, next);
    });
  }

  /** submissions and reports waiting for a reviewer, and the recent decisions */
  queue(guildId: string): ReviewQueue {
    return this.queueCache.get(guildId) ?? emptyQueue();
  }

  /** `change` returns null: nothing to write. */
  async updateQueue(guildId: string, change: (current: ReviewQueue) => ReviewQueue | null): Promise<ReviewQueue> {
    const key = queueKey(guildId);
    return this.mutex.run(key, async () => {
      const next = change(structuredClone(this.queue(guildId)));
      if (next === null) return this.queue(guildId);
      await this.write(key, next);
      this.queueCache.set(guildId, next);
      return next;
    });
  }

  index(guildId: string): GuildIndex {
    let index = this.indexes.get(guildId);
    if (!index) {
      index = new GuildIndex();
      this.indexes.set(guildId, index);
    }
    return index;
  }

  async getUser(guildId: string, userId: string): Promise<UserRecord> {
    return normalizeUser(await this.keyv.get(userKey(guildId, userId)));
  }

  /**
   * Read-modify-write of one user record, serialised per key. `change` returns
   * the next record (or null: nothing to write) and a result; the result is
   * returned only after the write was acknowledged by the store.
   * The record is re-read each time (not cached) but the lock is per process: an
   * answer counts once because one process owns the server (see the class comment).
   */
  async updateUser<T>(
    guildId: string,
    userId: string,
    change: (current: UserRecord) => { next: UserRecord | null; result: T },
  ): Promise<T> {
    const key = userKey(guildId, userId);
    return this.mutex.run(key, async () => {
      const current = normalizeUser(await this.keyv.get(key));
      const { next, result } = change(current);
      if (next) {
        await this.write(key, next);
        this.index(guildId).put(userId, next);
      }
      return result;
    });
  }

  private async write(key: string, value: unknown): Promise<void> {
    // throwOnErrors makes set() throw; the false check covers adapters that only report failure
    const ok = await this.keyv.set(key, value);
    if (ok === false) throw new Error(`store: writing ${key} failed`);
  }
}
