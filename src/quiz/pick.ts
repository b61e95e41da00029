/** FNV-1a: a small stable hash, so a pick depends only on its inputs. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The daily question for a server: never one already used in this cycle; when
 * the bank is exhausted a new cycle starts (and avoids yesterday's question).
 * Deterministic given (bank, used, seed), so a retried claim picks the same.
 */
export function pickDaily(
  bankIds: readonly string[],
  used: readonly string[],
  seed: string,
): { questionId: string; used: string[] } | null {
  if (bankIds.length === 0) return null;
  const ids = [...bankIds].sort();
  const usedSet = new Set(used);
  let candidates = ids.filter((id) => !usedSet.has(id));
  let nextUsed = [...used];
  if (candidates.length === 0) {
    const last = used[used.length - 1];
    candidates = ids.length > 1 ? ids.filter((id) => id !== last) : ids;
    nextUsed = [];
  }
  const questionId = candidates[hash32(seed) % candidates.length]!;
  // ids no longer in the bank are dropped so `used` cannot grow forever
  const inBank = new Set(ids);
  return { questionId, used: [...nextUsed.filter((id) => inBank.has(id)), questionId] };
}
