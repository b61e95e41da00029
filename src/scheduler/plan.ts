import { addDays, localTime, postInstant, type LocalTime } from '../quiz/time.js';
import type { GuildSettings, PostedQuiz, ScheduleState } from '../store/records.js';

/**
 * The scheduler's rules as a pure function: what should happen to one server's
 * daily quiz at an instant, given what the store says exists. No store, no
 * chat service, no clock: the tick, `/quiz post-now`, `/quiz close-now` and
 * the "next quiz" line of `/config` all read their decisions from here, and
 * tests check the rules with plain records (tests/plan.test.ts).
 */

/** a post more than this after the post time is logged as late */
export const LATE_MS = 5 * 60_000;
/**
 * A claim stamped later than now by more than this was made under a wrong clock (it ran
 * ahead, or runs behind now). Small skews (NTP steps, a restart on another host) stay below it.
 */
export const CLOCK_SLACK_MS = 10 * 60_000;

/** The local date of a quiz: its id, or '2024-10-05.2' for a date claimed again after a clock error. */
export const dateOf = (quizId: string) => quizId.slice(0, 10);

/**
 * One step, in the order the executor runs them. Each is guarded again by the
 * executor against the stored state (a close of a quiz no longer open does nothing).
 */
export type Action =
  /** a claim made under a clock that ran ahead and never posted: give it up */
  | { kind: 'abandon'; quizId: string; reason: 'clock-error' | 'day-over' }
  /** freeze the tally, store the closed state, edit the message; after a clock error its number goes back */
  | { kind: 'close'; quizId: string; reason: 'clock-error' | 'due' | 'now' }
  /** a real quiz a wrong clock closed early: open again until its real closing time */
  | { kind: 'reopen'; quizId: string }
  /** `lastDate` back to the last date claimed under a sane clock */
  | { kind: 'set-last-date'; lastDate: string | null; was: string | null }
  /** a closed quiz whose message edit failed: edit it again */
  | { kind: 'finish-close'; quizId: string }
  /** a claim whose post failed (or a pending one post-now sends): send it again, same nonce */
  | { kind: 'post-claimed'; quizId: string }
  /** claim today's quiz (pick a question, store the intent), then send it */
  | { kind: 'claim-and-post'; local: LocalTime; late: boolean };

export type Intent = 'tick' | 'post-now' | 'close-now';

export type Plan =
  | { kind: 'act'; actions: Action[] }
  /** post-now: no quiz channel is set */
  | { kind: 'no-channel' }
  /** post-now: the local day was already claimed (posted, closed or given up) */
  | { kind: 'already'; date: string }
  /** close-now: nothing is open */
  | { kind: 'none-open' };

/** Claims stamped later than now (beyond the slack) were made under a wrong clock. */
export const claimedUnderWrongClock = (q: PostedQuiz, now: Date) => q.claimedAt > now.getTime() + CLOCK_SLACK_MS;

/**
 * The repairs after a clock error, and the schedule as it reads once they are done.
 * Claims stamped later than now are closed or given up; a real quiz they closed early
 * is open again until its real closing time; `lastDate` goes back to the last date
 * claimed under a sane clock, so the real days get their quizzes.
 */
export function repairClock(schedule: ScheduleState, now: Date): { actions: Action[]; schedule: ScheduleState } {
  const wrong = (q: PostedQuiz) => claimedUnderWrongClock(q, now);
  if (!schedule.quizzes.some(wrong)) return { actions: [], schedule };
  const actions: Action[] = [];
  let quizzes = schedule.quizzes.map((q): PostedQuiz => {
    if (!wrong(q)) return q;
    if (q.state === 'posting') {
      actions.push({ kind: 'abandon', quizId: q.quizId, reason: 'clock-error' });
      return { ...q, state: 'failed' };
    }
    if (q.state === 'posted') {
      actions.push({ kind: 'close', quizId: q.quizId, reason: 'clock-error' });
      // closeEdited stays false: the close edits the message, and finish-close retries at once if that failed
      return { ...q, state: 'closed', closedAt: now.getTime() };
    }
    return q;
  });
  const reopened = quizzes.filter(
    (q) =>
      !wrong(q) &&
      q.state === 'closed' &&
      (q.closedAt ?? 0) > now.getTime() + CLOCK_SLACK_MS &&
      q.openUntil !== null &&
      q.openUntil > now.getTime(),
  );
  for (const q of reopened) actions.push({ kind: 'reopen', quizId: q.quizId });
  const ids = new Set(reopened.map((q) => q.quizId));
  // last in the list: answers go to the latest posted quiz
  quizzes = [
    ...quizzes.filter((q) => !ids.has(q.quizId)),
    ...reopened.map(
      (q): PostedQuiz => ({
        ...q,
        state: 'posted',
        closedAt: null,
        tallies: null,
        closeEdited: false,
        editAttempts: 0,
      }),
    ),
  ];
  const lastDate = quizzes.filter((q) => !wrong(q)).map((q) => dateOf(q.quizId)).sort().at(-1) ?? null;
  if (lastDate !== schedule.lastDate) actions.push({ kind: 'set-last-date', lastDate, was: schedule.lastDate });
  return { actions, schedule: { ...schedule, quizzes, lastDate } };
}

/** Whether a quiz posted at `now` is late: more than LATE_MS after the day's post time. */
export function isLate(local: LocalTime, settings: GuildSettings, now: Date): boolean {
  return now.getTime() - postInstant(local.date, settings.postTime, settings.timezone).getTime() > LATE_MS;
}

/**
 * What one server's daily quiz needs at `now`.
 *
 * - `tick`: repair a clock error; close what is due and finish closes whose edit
 *   failed; retry a failed claim today or give it up once its day is over; else
 *   claim today's quiz once the post time has passed, never for a date already claimed.
 * - `post-now`: today's quiz now, whatever the post time; never a second one for the day.
 * - `close-now`: the open quiz closes now.
 */
export function plan(schedule: ScheduleState, settings: GuildSettings, now: Date, intent: Intent = 'tick'): Plan {
  if (intent === 'close-now') {
    const open = schedule.quizzes.find((q) => q.state === 'posted');
    return open
      ? { kind: 'act', actions: [{ kind: 'close', quizId: open.quizId, reason: 'now' }] }
      : { kind: 'none-open' };
  }
  if (intent === 'post-now' && !settings.channelId) return { kind: 'no-channel' };

  const repair = repairClock(schedule, now);
  const actions = [...repair.actions];
  const healed = repair.schedule;
  const local = localTime(now, settings.timezone);

  if (intent === 'post-now') {
    const pending = healed.quizzes.find((q) => dateOf(q.quizId) === local.date && q.state === 'posting');
    if (pending) return { kind: 'act', actions: [...actions, { kind: 'post-claimed', quizId: pending.quizId }] };
    if (healed.lastDate !== null && local.date <= healed.lastDate) return { kind: 'already', date: healed.lastDate };
    return {
      kind: 'act',
      actions: [...actions, { kind: 'claim-and-post', local, late: isLate(local, settings, now) }],
    };
  }

  for (const quiz of healed.quizzes) {
    if (quiz.state === 'posted' && quiz.openUntil !== null && now.getTime() >= quiz.openUntil) {
      actions.push({ kind: 'close', quizId: quiz.quizId, reason: 'due' });
    } else if (quiz.state === 'closed' && !quiz.closeEdited) {
      actions.push({ kind: 'finish-close', quizId: quiz.quizId });
    }
  }

  const pending = healed.quizzes.find((q) => q.state === 'posting');
  if (pending && dateOf(pending.quizId) !== local.date) {
    actions.push({ kind: 'abandon', quizId: pending.quizId, reason: 'day-over' });
  } else if (pending) {
    if (settings.enabled) actions.push({ kind: 'post-claimed', quizId: pending.quizId });
    return { kind: 'act', actions };
  }

  if (!settings.enabled || !settings.channelId) return { kind: 'act', actions };
  if (local.time < settings.postTime) return { kind: 'act', actions };
  if (healed.lastDate !== null && local.date <= healed.lastDate) return { kind: 'act', actions };
  actions.push({ kind: 'claim-and-post', local, late: isLate(local, settings, now) });
  return { kind: 'act', actions };
}

export interface NextPost {
  /** today's quiz was already claimed (posted, closed or given up): changes apply from the next day */
  doneToday: boolean;
  /** the local date of the next quiz */
  date: string;
  /** the instant it really goes out: a post time skipped by a DST jump posts at the jump */
  at: Date;
  /** its local time: the post time, or the end of the DST gap it falls in */
  time: string;
  /** the post time already passed today and the quiz is not done: it goes out at the next tick */
  due: boolean;
}

/** When the next daily quiz goes out, as the tick decides it (for the "next quiz" line of `/config`). */
export function nextPost(schedule: Pick<ScheduleState, 'lastDate'>, settings: GuildSettings, now: Date): NextPost {
  const local = localTime(now, settings.timezone);
  const doneToday = schedule.lastDate !== null && schedule.lastDate >= local.date;
  const date = doneToday ? addDays(local.date, 1) : local.date;
  const at = postInstant(date, settings.postTime, settings.timezone);
  return { doneToday, date, at, time: localTime(at, settings.timezone).time, due: at.getTime() <= now.getTime() };
}
