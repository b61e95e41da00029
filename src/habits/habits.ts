import type { Logger } from '../logger.js';
import { dueQuestions } from '../quiz/review.js';
import type { QuizService } from '../quiz/service.js';
import { isoWeek, localTime } from '../quiz/time.js';
import { forEachLimit, runJob } from '../scheduler/job.js';
import type { QuizChannel } from '../scheduler/quiz-channel.js';
import { startTicker, type Ticker } from '../scheduler/ticker.js';
import { KeyedMutex } from '../store/mutex.js';
import type { QuizStore } from '../store/quiz-store.js';
import { DmClosedError, type DirectMessages } from './direct.js';
import { buildRecap, latestRecap, type RecapData, type RecapSchedule, renderRecap, STALE_AFTER_MS } from './recap.js';
import { reminderDueDate, reminderMessage } from './reminders.js';
import type { HabitStore, RecapClaim, Reminder } from './store.js';

export interface HabitDeps {
  store: HabitStore;
  quizStore: QuizStore;
  service: QuizService;
  quizChannel: QuizChannel;
  directMessages: DirectMessages;
  logger: Logger;
  clock: () => Date;
  /** the tick's node-cron expression (the quiz's: config.quizTickCron) */
  cronExpression: string;
  /** sharding: only the servers this process holds */
  ownsGuild?: (guildId: string) => boolean;
  sourceLink?: (note: string, section: string) => string | undefined;
  noteTitle?: (path: string) => string | undefined;
}

/** a recap post that failed this many times is given up (logged) */
const MAX_RECAP_ATTEMPTS = 5;

/**
 * Review reminders and the weekly recap: a reconcile loop beside the daily
 * quiz's, with the same shape. Each tick compares what should have happened by
 * now (today's reminder sent, this week's recap posted) with the claims in the
 * store, claims first and then acts, so restarts, missed ticks and a clock set
 * back never send anything twice. Each shard acts only for its own servers.
 */
export class Habits {
  private readonly lock = new KeyedMutex();
  private ticker: Ticker | null = null;
  private ticking: Promise<void> | null = null;

  constructor(private readonly deps: HabitDeps) {}

  start(): void {
    if (this.ticker) return;
    this.ticker = startTicker(
      this.deps.cronExpression,
      () => void this.tick(),
      () => {}, // the quiz's ticker already reports a late tick
    );
    void this.tick();
  }

  async stop(): Promise<void> {
    this.ticker?.stop();
    this.ticker = null;
    await this.ticking;
  }

  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = runJob('habits-tick', this.deps.logger, () => this.reconcile(this.deps.clock())).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  async reconcile(now: Date = this.deps.clock()): Promise<void> {
    const owns = this.deps.ownsGuild ?? (() => true);
    const guilds = [...new Set([...this.deps.store.reminderGuilds(), ...this.deps.quizStore.guildIds()])].filter(owns);
    await forEachLimit(guilds, 8, async (guildId) => {
      try {
        await this.lock.run(guildId, async () => {
          await this.remindGuild(guildId, now);
          await this.recapGuild(guildId, now);
        });
      } catch (err) {
        this.deps.logger.error({ guildId, err }, 'habits reconcile failed');
      }
    });
  }

  /**
   * Whether this process writes this server's records. A DM button (a reminder's) reaches the shard
   * that holds DMs, which may not hold the server: it must not write that server's records then.
   */
  owns(guildId: string): boolean {
    return this.deps.ownsGuild?.(guildId) ?? true;
  }

  // ---- reminders --------------------------------------------------------------

  reminder(guildId: string, userId: string): Reminder | undefined {
    return this.deps.store.reminders(guildId)[userId];
  }

  /**
   * Turns a member's reminder on at `time` (their zone, or the server's when null). If today's
   * time already passed, the first one goes out tomorrow: turning it on is not a request for one now.
   */
  setReminder(guildId: string, userId: string, time: string, timezone: string | null): Promise<Reminder | undefined> {
    const now = this.deps.clock();
    const local = localTime(now, timezone ?? this.deps.quizStore.settings(guildId).timezone);
    return this.deps.store.updateReminder(guildId, userId, (current) => {
      const passed = local.time >= time ? local.date : null;
      const lastDate = [current?.lastDate ?? null, passed].filter((d): d is string => d !== null).sort().at(-1) ?? null;
      return { time, timezone, on: true, offReason: null, lastDate, lastAt: current?.lastAt ?? null };
    });
  }

  reminderOff(guildId: string, userId: string): Promise<Reminder | undefined> {
    return this.deps.store.updateReminder(guildId, userId, (current) =>
      current ? { ...current, on: false, offReason: null } : undefined,
    );
  }

  private async remindGuild(guildId: string, now: Date): Promise<void> {
    const { store, quizStore, service, directMessages, logger } = this.deps;
    const zone = quizStore.settings(guildId).timezone;
    for (const [userId, reminder] of Object.entries(store.reminders(guildId))) {
      const date = reminderDueDate(reminder, zone, now);
      if (date === null) continue;
      const rec = await service.userRecord(guildId, userId);
      // the server's own questions (s.<id>) count as well as shipped ones
      const due = dueQuestions(rec, now, (id) => service.questionIn(guildId, id) !== undefined).length;
      // the claim is stored before the DM goes out: a crash between the two loses that day's
      // reminder rather than sending it twice
      await store.updateReminder(guildId, userId, (r) => r && { ...r, lastDate: date, lastAt: now.getTime() });
      if (due === 0) continue;
      try {
        await directMessages.send(userId, reminderMessage(guildId, due));
        logger.info({ guildId, userId, due, date }, 'review reminder sent');
      } catch (err) {
        if (err instanceof DmClosedError) {
          await store.updateReminder(guildId, userId, (r) => r && { ...r, on: false, offReason: 'dm-closed' });
          logger.info({ guildId, userId }, 'review reminder turned off: the member does not accept DMs');
        } else logger.warn({ guildId, userId, err }, 'review reminder failed; next one tomorrow');
      }
    }
  }

  // ---- weekly recap -------------------------------------------------------------

  private async recapGuild(guildId: string, now: Date): Promise<void> {
    const { store, quizStore, logger } = this.deps;
    const settings = quizStore.settings(guildId);
    const schedule = settings.recap;
    if (!schedule || !settings.channelId) return;
    const state = store.recap(guildId);
    const pending = state.claims.find((c) => c.state === 'posting');
    if (pending) {
      await this.postRecap(guildId, pending, settings.channelId);
      return;
    }
    const { at, week } = latestRecap(schedule, settings.timezone, now);
    if (state.lastWeek !== null && week <= state.lastWeek) return;
    const stale = now.getTime() - at.getTime() > STALE_AFTER_MS;
    const data = stale ? null : this.recapData(guildId, week);
    const claim: RecapClaim = {
      week,
      state: data ? 'posting' : 'skipped',
      claimedAt: now.getTime(),
      attempts: 0,
      messageId: null,
      lastError: null,
    };
    await store.updateRecap(guildId, (s) => ({ lastWeek: week, claims: [...s.claims, claim] }));
    if (!data) {
      logger.info({ guildId, week, reason: stale ? 'too late' : 'no quiz that week' }, 'weekly recap skipped');
      return;
    }
    await this.postRecap(guildId, claim, settings.channelId);
  }

  private recapData(guildId: string, week: string): RecapData | null {
    const { quizStore, service, store } = this.deps;
    const index = quizStore.index(guildId);
    const schedule = quizStore.schedule(guildId);
    return buildRecap({
      week,
      quizzes: schedule.quizzes,
      liveTally: (q) => index.tally(q.quizId, q.choiceCount),
      board: index.board(`week:${week}`).slice(0, 5),
      streaks: index.topStreaks(schedule.closedSeq, 5),
      asks: store.asks(guildId)[week] ?? {},
      // a server's own question (s.<id>) as well as a shipped one
      question: (id) => service.questionIn(guildId, id),
    });
  }

  /** Sends a claimed recap; the same nonce on every retry, so a lost answer never makes a second post. */
  private async postRecap(guildId: string, claim: RecapClaim, channelId: string): Promise<void> {
    const { store, quizChannel, logger } = this.deps;
    const data = this.recapData(guildId, claim.week);
    const mark = (change: Partial<RecapClaim>) =>
      store.updateRecap(guildId, (s) => ({
        ...s,
        claims: s.claims.map((c) => (c.week === claim.week ? { ...c, ...change } : c)),
      }));
    if (!data) {
      await mark({ state: 'skipped' });
      return;
    }
    const reply = renderRecap(data, { name: (id) => this.name(guildId, id), sourceLink: this.deps.sourceLink, noteTitle: this.deps.noteTitle });
    try {
      const { messageId } = await quizChannel.postMessage(channelId, reply, { nonce: `recap-${claim.week}` });
      await mark({ state: 'posted', messageId, attempts: claim.attempts + 1, lastError: null });
      logger.info({ guildId, week: claim.week, messageId }, 'weekly recap posted');
    } catch (err) {
      const attempts = claim.attempts + 1;
      const giveUp = attempts >= MAX_RECAP_ATTEMPTS;
      await mark({ attempts, state: giveUp ? 'failed' : 'posting', lastError: String((err as Error)?.message ?? err).slice(0, 200) });
      logger.warn({ guildId, week: claim.week, attempts, err }, giveUp ? 'weekly recap failed; giving up' : 'weekly recap failed; retrying on the next tick');
    }
  }

  // ---- names ---------------------------------------------------------------------

  /** A member's name for pictures and the recap; one not seen yet is shown by the end of their id. */
  name(guildId: string, userId: string): string {
    return this.deps.store.name(guildId, userId) ?? `#${userId.slice(-4)}`;
  }

  /** Called on every interaction in a server; writes only when the name changed. */
  rememberName(guildId: string, userId: string, name: string): Promise<void> {
    return this.deps.store.rememberName(guildId, userId, name);
  }

  // ---- /ask counts -------------------------------------------------------------

  /** One /ask answered from a note: counted per server and ISO week, for the recap. Nothing about who asked. */
  countAsk(guildId: string, note: string): Promise<void> {
    const date = localTime(this.deps.clock(), this.deps.quizStore.settings(guildId).timezone).date;
    return this.deps.store.countAsk(guildId, isoWeek(date), note);
  }
}

export type { RecapSchedule };
