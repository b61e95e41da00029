import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { pickDaily, hash32 } from '../quiz/pick.js';
import { renderClosedQuiz, renderDailyQuiz } from '../quiz/render.js';
import type { QuizService } from '../quiz/service.js';
import { localTime, type LocalTime } from '../quiz/time.js';
import { KeyedMutex } from '../store/mutex.js';
import { KEEP_QUIZZES, type GuildSettings, type PostedQuiz, type ScheduleState } from '../store/records.js';
import type { QuizStore } from '../store/quiz-store.js';
import type { QuizChannel } from './quiz-channel.js';
import { forEachLimit, runJob } from './job.js';
import { type Action, dateOf, plan } from './plan.js';
import { startTicker, type Ticker } from './ticker.js';

export interface SchedulerDeps {
  store: QuizStore;
  service: QuizService;
  quizChannel: QuizChannel;
  logger: Logger;
  clock: () => Date;
  /** node-cron expression of the tick (config.quizTickCron) */
  cronExpression: string;
  /** servers reconciled at the same time */
  concurrency?: number;
  sourceLink?: (note: string, section: string) => string | undefined;
  metrics?: Metrics;
  /**
   * Whether this process posts and closes quizzes for a server: with sharding,
   * only the shard that holds it, so each server's records keep a single writer.
   */
  ownsGuild?: (guildId: string) => boolean;
}

export type PostNowResult =
  | { kind: 'posted'; quiz: PostedQuiz }
  | { kind: 'already'; date: string }
  | { kind: 'no-channel' }
  | { kind: 'empty-bank' }
  | { kind: 'failed'; error: string };

export type CloseNowResult = { kind: 'closed'; quiz: PostedQuiz } | { kind: 'none' } | { kind: 'failed'; error: string };

/** a closed message that cannot be edited (deleted, no access) is given up after this many tries */
const MAX_EDIT_ATTEMPTS = 10;
/** what an attempt to send or edit came to: done, or the error the next tick retries after */
export type Sent = { ok: true } | { ok: false; error: string };
const SENT: Sent = { ok: true };

type Claim = { kind: 'claimed'; quizId: string } | { kind: 'empty-bank' };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);
const failed = (err: unknown): Sent => ({ ok: false, error: errorText(err) });

export { dateOf } from './plan.js';

/** Same for every retry of one quiz; Discord drops a second message with the same nonce. */
export function postNonce(guildId: string, quizId: string): string {
  return `q${quizId.replace(/-/g, '')}${hash32(guildId).toString(36)}`;
}

/**
 * The daily quiz as a reconcile loop: each tick compares what should exist now
 * (today's quiz posted once the post time passed in the server's zone; closed
 * once its open hours passed) with the stored schedule state, and acts.
 * Restarts and downtime heal by themselves: a claim is stored before posting and
 * the message id after, and a local date is never claimed twice (unless a clock
 * that ran ahead claimed it early: `repairClock` in plan.ts).
 */
export class Scheduler {
  private readonly deps: SchedulerDeps;
  /** one action at a time per server (tick, post-now, close-now) */
  private readonly guildLock = new KeyedMutex();
  private readonly busy = new Set<Promise<unknown>>();
  private ticker: Ticker | null = null;
  private ticking: Promise<void> | null = null;
  private readonly warnedEmpty = new Set<string>();

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
  }

  /** Starts the tick at the cron expression's times, and reconciles once right away (heals downtime at once). */
  start(): void {
    if (this.ticker) return;
    const { logger, cronExpression } = this.deps;
    this.ticker = startTicker(
      cronExpression,
      () => void this.tick(),
      (lateMs, skipped) => {
        const message = 'quiz tick late: the clock jumped or the event loop was blocked';
        logger.warn({ job: 'quiz-tick', lateMs, skipped }, message);
      },
    );
    logger.info({ cron: cronExpression }, 'quiz scheduler started');
    void this.tick();
  }

  /** Stops the tick and waits for work in flight (a post being sent, a close being written). */
  async stop(): Promise<void> {
    this.ticker?.stop();
    this.ticker = null;
    await this.ticking;
    await Promise.allSettled([...this.busy]);
  }

  /** One tick: the named, logged, try/caught job. A tick still running makes the next one a no-op. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = runJob('quiz-tick', this.deps.logger, () => this.reconcile(this.deps.clock())).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** Every configured server: close what is due, post what is due. One server's failure does not stop the others. */
  async reconcile(now: Date = this.deps.clock()): Promise<void> {
    const owns = this.deps.ownsGuild ?? (() => true);
    await forEachLimit(this.deps.store.guildIds().filter(owns), this.deps.concurrency ?? 8, async (guildId) => {
      try {
        await this.locked(guildId, () => this.reconcileGuild(guildId, now));
      } catch (err) {
        this.deps.logger.error({ guildId, err }, 'quiz reconcile failed');
      }
    });
  }

  /** /quiz post-now: today's quiz now, whatever the post time; never a second one for the day. */
  postNow(guildId: string): Promise<PostNowResult> {
    return this.locked(guildId, async () => {
      const now = this.deps.clock();
      const { store } = this.deps;
      const decided = plan(store.schedule(guildId), store.settings(guildId), now, 'post-now');
      if (decided.kind !== 'act') return decided.kind === 'already' ? { kind: 'already', date: decided.date } : { kind: 'no-channel' };
      let result: PostNowResult = { kind: 'empty-bank' };
      for (const action of decided.actions) {
        const done = await this.run(guildId, action, now);
        if (action.kind !== 'post-claimed' && action.kind !== 'claim-and-post') continue;
        if (!done) break; // the bank is empty
        const quiz = this.find(guildId, done.quizId)!;
        result = done.sent.ok ? { kind: 'posted', quiz } : { kind: 'failed', error: done.sent.error };
      }
      return result;
    });
  }

  /** /quiz close-now: closes the open quiz early. */
  closeNow(guildId: string): Promise<CloseNowResult> {
    return this.locked(guildId, async () => {
      const now = this.deps.clock();
      const { store } = this.deps;
      const decided = plan(store.schedule(guildId), store.settings(guildId), now, 'close-now');
      const action = decided.kind === 'act' ? decided.actions[0] : undefined;
      if (action?.kind !== 'close') return { kind: 'none' };
      const sent = await this.close(guildId, action.quizId, now);
      const quiz = this.find(guildId, action.quizId)!;
      return sent.ok ? { kind: 'closed', quiz } : { kind: 'failed', error: sent.error };
    });
  }

  private locked<T>(guildId: string, fn: () => Promise<T>): Promise<T> {
    const work = this.guildLock.run(guildId, fn);
    this.busy.add(work);
    void work.finally(() => this.busy.delete(work)).catch(() => {});
    return work;
  }

  private find(guildId: string, quizId: string): PostedQuiz | undefined {
    return this.deps.store.schedule(guildId).quizzes.find((q) => q.quizId === quizId);
  }

  private async reconcileGuild(guildId: string, now: Date): Promise<void> {
    const { store } = this.deps;
    const decided = plan(store.schedule(guildId), store.settings(guildId), now);
    if (decided.kind !== 'act') return;
    for (const action of decided.actions) await this.run(guildId, action, now);
  }

  /**
   * Carries out one action of the plan. Returns, for a post, the quiz and how sending it went
   * (undefined: the bank is empty, nothing was claimed).
   */
  private async run(guildId: string, action: Action, now: Date): Promise<{ quizId: string; sent: Sent } | undefined> {
    const { store, logger } = this.deps;
    switch (action.kind) {
      case 'abandon':
        if (action.reason === 'clock-error') this.warnClockError(guildId, action.quizId, now);
        await this.abandon(guildId, action.quizId);
        return undefined;
      case 'close': {
        if (action.reason !== 'clock-error') {
          await this.close(guildId, action.quizId, now);
          return undefined;
        }
        const quiz = this.find(guildId, action.quizId);
        this.warnClockError(guildId, action.quizId, now);
        await this.close(guildId, action.quizId, now);
        // its number goes to the next real quiz: missing a quiz that was out for minutes breaks no streak
        const before = (quiz?.seq ?? 1) - 1;
        await store.updateSchedule(guildId, (s) => ({ ...s, seq: Math.min(s.seq, before), closedSeq: Math.min(s.closedSeq, before) }));
        return undefined;
      }
      case 'reopen': {
        const quiz = this.find(guildId, action.quizId);
        if (quiz) await this.reopen(guildId, quiz);
        return undefined;
      }
      case 'set-last-date': {
        const fields = { guildId, lastDate: action.was, now: now.toISOString(), back: action.lastDate };
        logger.warn(fields, 'clock error: last quiz date set back');
        await store.updateSchedule(guildId, (s) => ({ ...s, lastDate: action.lastDate }));
        return undefined;
      }
      case 'finish-close':
        await this.editClosed(guildId, action.quizId);
        return undefined;
      case 'post-claimed':
        return { quizId: action.quizId, sent: await this.attemptPost(guildId, action.quizId, now) };
      case 'claim-and-post': {
        const claim = await this.claim(guildId, store.settings(guildId), action.local, action.late, now);
        if (claim.kind === 'empty-bank') return undefined;
        return { quizId: claim.quizId, sent: await this.attemptPost(guildId, claim.quizId, now) };
      }
    }
  }

  /** A quiz claimed under a wrong clock (3 days ahead for 2 minutes): logged once, as it is closed or given up. */
  private warnClockError(guildId: string, quizId: string, now: Date): void {
    const quiz = this.find(guildId, quizId);
    if (!quiz || (quiz.state !== 'posted' && quiz.state !== 'posting')) return;
    const fields = { guildId, quizId, claimedAt: new Date(quiz.claimedAt).toISOString(), now: now.toISOString() };
    this.deps.logger.warn(fields, 'clock error: this quiz was claimed at a later time than now; closing it');
  }

  /** Stores the intent to post today's quiz (question chosen) before anything is sent. */
  private async claim(guildId: string, settings: GuildSettings, local: LocalTime, late: boolean, now: Date): Promise<Claim> {
    const { store, service, logger } = this.deps;
    const pick = pickDaily(service.bankIds(), store.schedule(guildId).used, `${guildId}:${local.date}`);
    const question = pick && service.question(pick.questionId);
    if (!pick || !question || !settings.channelId) {
      // once per server and day, not every minute
      const key = `${guildId}:${local.date}`;
      if (!this.warnedEmpty.has(key)) logger.warn({ guildId }, 'quiz bank is empty: nothing to post');
      this.warnedEmpty.add(key);
      return { kind: 'empty-bank' };
    }
    const quiz: PostedQuiz = {
      quizId: freeQuizId(store.schedule(guildId), local.date),
      questionId: question.id,
      answer: question.answer,
      choiceCount: question.choices.length,
      difficulty: question.difficulty,
      channelId: settings.channelId,
      messageId: null,
      state: 'posting',
      seq: null,
      claimedAt: now.getTime(),
      postedAt: null,
      openUntil: null,
      closedAt: null,
      late,
      attempts: 0,
      lastError: null,
      tallies: null,
      closeEdited: false,
      editAttempts: 0,
    };
    await store.updateSchedule(guildId, (s) => ({
      ...s,
      lastDate: local.date,
      used: pick.used,
      quizzes: keepQuizzes([...s.quizzes, quiz], local.date),
    }));
    return { kind: 'claimed', quizId: quiz.quizId };
  }

  /** Sends a claimed quiz; on failure the claim stays and the next tick retries (same nonce). */
  private async attemptPost(guildId: string, quizId: string, now: Date): Promise<Sent> {
    const { store, service, quizChannel, logger } = this.deps;
    // one open quiz per server: yesterday's closes before today's goes out
    const stillOpen = store.schedule(guildId).quizzes.find((q) => q.state === 'posted');
    if (stillOpen) await this.close(guildId, stillOpen.quizId, now);

    let claim = this.find(guildId, quizId);
    if (claim?.state !== 'posting') return SENT;
    const settings = store.settings(guildId);
    if (settings.channelId && settings.channelId !== claim.channelId) {
      // an admin fixed the channel while the post kept failing: retry in the new one
      const channelId = settings.channelId;
      await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, channelId })));
      claim = this.find(guildId, quizId)!;
    }
    let question = service.question(claim.questionId);
    if (!question && claim.attempts === 0) {
      // the question left the bank between claim and post, and nothing was sent: pick another
      const pick = pickDaily(service.bankIds(), store.schedule(guildId).used.filter((id) => id !== claim.questionId), `${guildId}:${quizId}`);
      question = pick ? service.question(pick.questionId) : undefined;
      if (pick && question) {
        const q = question;
        await store.updateSchedule(guildId, (s) => ({
          ...withQuiz(s, quizId, (c) => ({ ...c, questionId: q.id, answer: q.answer, choiceCount: q.choices.length, difficulty: q.difficulty })),
          used: pick.used,
        }));
      }
    }
    if (!question) {
      await this.abandon(guildId, quizId);
      return { ok: false, error: 'question removed from the bank' };
    }
    const seq = store.schedule(guildId).seq + 1;
    const openUntil = now.getTime() + settings.openHours * 3_600_000;
    const reply = renderDailyQuiz(
      question,
      { quizId, seq, openUntil, timezone: settings.timezone, closeLabel: localTime(new Date(openUntil), settings.timezone).time },
      'both',
    );
    // the number and closing time go to the store before the message: a click in the
    // milliseconds between the message and its `posted` state is then an answer, not "not today's"
    await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, seq, openUntil })));
    let messageId: string;
    try {
      ({ messageId } = await quizChannel.postMessage(claim.channelId, reply, { nonce: postNonce(guildId, quizId) }));
    } catch (err) {
      const error = errorText(err);
      await store.updateSchedule(guildId, (s) =>
        withQuiz(s, quizId, (q) => ({ ...q, seq: null, openUntil: null, attempts: q.attempts + 1, lastError: error })),
      );
      logger.warn({ guildId, quizId, channelId: claim.channelId, attempts: claim.attempts + 1, err }, 'quiz post failed; retrying on the next tick');
      this.deps.metrics?.quizEvents.inc({ event: 'post', outcome: 'failed' });
      return { ok: false, error };
    }
    await store.updateSchedule(guildId, (s) => ({
      ...withQuiz(s, quizId, (q) => ({
        ...q,
        state: 'posted' as const,
        messageId,
        seq: s.seq + 1,
        postedAt: now.getTime(),
        openUntil,
        attempts: q.attempts + 1,
        lastError: null,
      })),
      seq: s.seq + 1,
    }));
    logger.info({ guildId, quizId, questionId: question.id, seq, messageId, late: claim.late }, claim.late ? 'quiz posted late' : 'quiz posted');
    this.deps.metrics?.quizEvents.inc({ event: 'post', outcome: 'ok' });
    return SENT;
  }

  /** Closes once: freeze the tally, store the closed state, then edit the message (retried until it works). */
  private async close(guildId: string, quizId: string, now: Date): Promise<Sent> {
    const { store, service, logger } = this.deps;
    const quiz = this.find(guildId, quizId);
    if (quiz?.state !== 'posted') return SENT;
    const tallies = await service.settleAnswers(guildId, quiz);
    await store.updateSchedule(guildId, (s) => ({
      ...withQuiz(s, quizId, (q) => ({ ...q, state: 'closed' as const, closedAt: now.getTime(), tallies })),
      closedSeq: Math.max(s.closedSeq, quiz.seq ?? 0),
    }));
    service.closed(guildId, quizId);
    logger.info({ guildId, quizId, answered: tallies.reduce((a, b) => a + b, 0) }, 'quiz closed');
    this.deps.metrics?.quizEvents.inc({ event: 'close', outcome: 'ok' });
    return this.editClosed(guildId, quizId);
  }

  private async editClosed(guildId: string, quizId: string): Promise<Sent> {
    const { store, service, quizChannel, logger, sourceLink } = this.deps;
    const quiz = this.find(guildId, quizId);
    if (quiz?.state !== 'closed' || quiz.closeEdited) return SENT;
    if (quiz.messageId) {
      const reply = renderClosedQuiz(
        service.question(quiz.questionId),
        { quizId, seq: quiz.seq ?? 0, answer: quiz.answer, choiceCount: quiz.choiceCount, tallies: quiz.tallies ?? [] },
        sourceLink,
      );
      try {
        await quizChannel.editMessage(quiz.channelId, quiz.messageId, reply);
      } catch (err) {
        const attempts = quiz.editAttempts + 1;
        const giveUp = attempts >= MAX_EDIT_ATTEMPTS;
        await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, editAttempts: attempts, closeEdited: giveUp, lastError: errorText(err) })));
        logger.warn({ guildId, quizId, attempts, err }, giveUp ? 'closing the quiz message failed; giving up' : 'closing the quiz message failed; retrying on the next tick');
        return failed(err);
      }
    }
    await store.updateSchedule(guildId, (s) => withQuiz(s, quizId, (q) => ({ ...q, closeEdited: true })));
    return SENT;
  }

  /** Undoes a close made under a wrong clock: open again (the latest quiz), live tally back, message edited back. */
  private async reopen(guildId: string, quiz: PostedQuiz): Promise<void> {
    const { store, service, quizChannel, logger } = this.deps;
    const reset = { closedAt: null, tallies: null, closeEdited: false, editAttempts: 0 };
    const open: PostedQuiz = { ...quiz, ...reset, state: 'posted' };
    await store.updateSchedule(guildId, (s) => ({
      ...s,
      closedSeq: Math.min(s.closedSeq, (quiz.seq ?? 1) - 1),
      // last in the list: answers go to the latest posted quiz
      quizzes: [...s.quizzes.filter((q) => q.quizId !== quiz.quizId), open],
    }));
    const index = store.index(guildId);
    (quiz.tallies ?? []).forEach((count, choice) => {
      for (let i = 0; i < count; i++) index.countAnswer(quiz.quizId, choice);
    });
    logger.warn({ guildId, quizId: quiz.quizId }, 'clock error: this quiz was closed early by it; open again');
    const question = service.question(quiz.questionId);
    if (!quiz.messageId || !question || open.openUntil === null) return;
    const settings = store.settings(guildId);
    const closeLabel = localTime(new Date(open.openUntil), settings.timezone).time;
    const { timezone } = settings;
    const info = { quizId: quiz.quizId, seq: quiz.seq ?? 0, openUntil: open.openUntil, timezone, closeLabel };
    try {
      await quizChannel.editMessage(quiz.channelId, quiz.messageId, renderDailyQuiz(question, info, 'both'));
    } catch (err) {
      // the quiz is open all the same: `/quiz today` shows it with its buttons
      logger.warn({ guildId, quizId: quiz.quizId, err }, 'opening the quiz message again failed');
    }
  }

  /** A claim that never reached the channel: its question goes back to the pool; the day is not claimed again. */
  private async abandon(guildId: string, quizId: string): Promise<void> {
    const claim = this.find(guildId, quizId);
    await this.deps.store.updateSchedule(guildId, (s) => ({
      ...withQuiz(s, quizId, (q) => ({ ...q, state: 'failed' as const })),
      used: s.used.filter((id) => id !== claim?.questionId),
    }));
    this.deps.logger.warn({ guildId, quizId, attempts: claim?.attempts, lastError: claim?.lastError }, 'quiz claim given up');
  }
}

/** The date as the quiz id, unless a quiz posted under a wrong clock already took it: answers are keyed by it. */
function freeQuizId(s: ScheduleState, date: string): string {
  const taken = new Set(s.quizzes.map((q) => q.quizId));
  let id = date;
  for (let n = 2; taken.has(id); n++) id = `${date}.${n}`;
  return id;
}

/** The newest KEEP_QUIZZES, and any dated after today (a wrong clock's): their ids stay taken until then. */
function keepQuizzes(quizzes: PostedQuiz[], today: string): PostedQuiz[] {
  const cut = quizzes.length - KEEP_QUIZZES;
  return quizzes.filter((q, i) => i >= cut || dateOf(q.quizId) > today);
}

function withQuiz(s: ScheduleState, quizId: string, change: (q: PostedQuiz) => PostedQuiz): ScheduleState {
  return { ...s, quizzes: s.quizzes.map((q) => (q.quizId === quizId ? change(q) : q)) };
}
