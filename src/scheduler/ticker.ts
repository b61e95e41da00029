import cron from 'node-cron';

/** the ticker wakes at least this often, so a clock set back is noticed within a minute */
const MAX_SLEEP_MS = 60_000;
/** a tick later than this is reported (a clock jump, or an event loop blocked that long) */
const LATE_MS = 5_000;
/** at most one late-tick line per this interval (monotonic), however often it happens */
const WARN_EVERY_MS = 60_000;

export interface Ticker {
  stop(): void;
}

/**
 * Calls `fn` at the times a node-cron expression names, each next time computed
 * afresh from the wall clock. node-cron's own runner walks every slot between
 * its last run and now, logging each as missed: +30 days at one tick a second
 * was 2.6 million lines and minutes of blocked event loop; and after the clock
 * is set back it waits for the clock to catch up. A reconcile loop needs neither
 * catch-up nor the missed slots: one tick heals everything, so a late tick runs
 * once and is reported once (rate-limited).
 */
export function startTicker(
  expression: string,
  fn: () => void,
  onLate: (lateMs: number, skipped: number) => void,
): Ticker {
  // used only as node-cron's parser and matcher: never started, so its runner never runs
  const matcher = cron.createTask(expression, () => {});
  const nextSlot = () => matcher.getNextRuns(1)[0]!.getTime();
  let target = nextSlot();
  let timer: NodeJS.Timeout | undefined;
  let lastWarned = -Infinity;
  let unreported = 0;
  let stopped = false;

  const wake = () => {
    const now = Date.now();
    if (now >= target) {
      const late = now - target;
      if (late > LATE_MS) {
        if (performance.now() - lastWarned >= WARN_EVERY_MS) {
          onLate(late, unreported);
          lastWarned = performance.now();
          unreported = 0;
        } else unreported++;
      }
      target = nextSlot();
      fn();
    } else if (target - now > MAX_SLEEP_MS) {
      // the clock may have been set back: the next slot from now can come sooner than the one awaited
      target = Math.min(target, nextSlot());
    }
    if (!stopped) timer = setTimeout(wake, Math.min(Math.max(target - Date.now(), 0), MAX_SLEEP_MS));
  };
  timer = setTimeout(wake, Math.min(Math.max(target - Date.now(), 0), MAX_SLEEP_MS));

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      void matcher.destroy();
    },
  };
}
