import type { Logger } from '../logger.js';

/**
 * A scheduled job: named, logged, and never throwing into the timer that runs
 * it. The plain function it wraps is what tests call directly.
 */
export async function runJob(name: string, logger: Logger, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
    logger.debug({ job: name, ms: Date.now() - started }, 'job done');
  } catch (err) {
    logger.error({ job: name, err, ms: Date.now() - started }, 'job failed');
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
