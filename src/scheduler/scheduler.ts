import { KeyedMutex } from '../store/mutex.js';
import { ActionRunner } from './actions.js';
import { forEachLimit, runJob } from './job.js';
import { plan } from './plan.js';
import { closeQuiz, findQuiz } from './quiz-message.js';
import { startTicker, type Ticker } from './ticker.js';
import type { CloseNowResult, PostNowResult, SchedulerDeps } from './types.js';

export type { CloseNowResult, PostNowResult, SchedulerDeps, Sent } from './types.js';
export { dateOf } from './plan.js';
export { postNonce } from './quiz-message.js';

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
  private readonly actions: ActionRunner;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
    this.actions = new ActionRunner(deps);
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
      if (decided.kind !== 'act')
        return decided.kind === 'already' ? { kind: 'already', date: decided.date } : { kind: 'no-channel' };
      let result: PostNowResult = { kind: 'empty-bank' };
      for (const action of decided.actions) {
        const done = await this.actions.run(guildId, action, now);
        if (action.kind !== 'post-claimed' && action.kind !== 'claim-and-post') continue;
        if (!done) break; // the bank is empty
        const quiz = findQuiz(this.deps, guildId, done.quizId)!;
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
      const sent = await closeQuiz(this.deps, guildId, action.quizId, now);
      const quiz = findQuiz(this.deps, guildId, action.quizId)!;
      return sent.ok ? { kind: 'closed', quiz } : { kind: 'failed', error: sent.error };
    });
  }

  private locked<T>(guildId: string, fn: () => Promise<T>): Promise<T> {
    const work = this.guildLock.run(guildId, fn);
    this.busy.add(work);
    void work.finally(() => this.busy.delete(work)).catch(() => {});
    return work;
  }

  private async reconcileGuild(guildId: string, now: Date): Promise<void> {
    const { store } = this.deps;
    const decided = plan(store.schedule(guildId), store.settings(guildId), now);
    if (decided.kind !== 'act') return;
    for (const action of decided.actions) await this.actions.run(guildId, action, now);
  }
}
