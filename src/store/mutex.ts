/**
 * A per-key in-process lock. keyv has only get/set, so a read-modify-write of one
 * key is made atomic by never letting two of them for the same key interleave.
 * Different keys run concurrently.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // the last holder cleans up, so the map only holds keys with work queued
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** keys with work queued or running (for tests and shutdown) */
  get size(): number {
    return this.tails.size;
  }
}
