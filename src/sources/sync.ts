import type { Logger } from '../logger.js';
import { runJob } from '../scheduler/job.js';
import { startTicker, type Ticker } from '../scheduler/ticker.js';
import type { LibraryHolder, ReloadReport } from '../search/library.js';

/** The timer that pulls git sources every SOURCES_SYNC_MINUTES: a minute tick that acts when a sync is due. */

export interface SourceSyncDeps {
  library: LibraryHolder;
  minutes: number;
  logger: Logger;
  clock: () => Date;
}

/** Whether a sync is due: never attempted, or the last attempt is `minutes` or more ago. */
export function syncDue(lastAttempt: Date | undefined, now: Date, minutes: number): boolean {
  return minutes > 0 && (!lastAttempt || now.getTime() - lastAttempt.getTime() >= minutes * 60_000);
}

/** Logs what a reload did: one line, plus one warning per skipped note naming source, file and reason. */
export function logReload(logger: Logger, report: ReloadReport, trigger: string): void {
  const { changes, kept } = report;
  const counts = {
    trigger,
    notes: report.notes,
    added: changes?.added.length ?? 0,
    changed: changes?.changed.length ?? 0,
    removed: changes?.removed.length ?? 0,
    skipped: report.warnings.length,
    ms: Math.round(report.ms),
  };
  for (const w of report.warnings) logger.warn({ source: w.source, file: w.path, reason: w.reason }, 'note skipped');
  for (const s of report.sources ?? []) {
    if (s.lastError) logger.warn({ source: s.name, error: s.lastError, commit: s.commit }, 'note source not synced');
  }
  if (kept) logger.warn({ ...counts, reason: kept.reason, detail: kept.detail }, 'reload kept the previous notes');
  else logger.info(counts, 'library reloaded');
}

export class SourceSync {
  private ticker: Ticker | null = null;
  private lastAttempt: Date | undefined;

  constructor(private readonly deps: SourceSyncDeps) {
    // the library was just built (and the sources synced) at start
    this.lastAttempt = deps.clock();
  }

  start(): void {
    if (this.ticker || this.deps.minutes <= 0) return;
    this.ticker = startTicker(
      '* * * * *',
      () => void this.tick(),
      (lateMs, skipped) => {
        const message = 'sources tick late: the clock jumped or the event loop was blocked';
        this.deps.logger.warn({ job: 'sources-sync', lateMs, skipped }, message);
      },
    );
    this.deps.logger.info({ minutes: this.deps.minutes }, 'note sources sync timer started');
  }

  stop(): void {
    this.ticker?.stop();
    this.ticker = null;
  }

  /** One tick: reloads (pulling the git sources) when a sync is due; returns the report when it ran. */
  async tick(now: Date = this.deps.clock()): Promise<ReloadReport | undefined> {
    if (!syncDue(this.lastAttempt, now, this.deps.minutes)) return undefined;
    this.lastAttempt = now;
    let report: ReloadReport | undefined;
    await runJob('sources-sync', this.deps.logger, async () => {
      report = await this.deps.library.reload();
      logReload(this.deps.logger, report, 'timer');
    });
    return report;
  }
}
