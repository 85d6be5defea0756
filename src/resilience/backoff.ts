/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): retry `n`
 * (1-based) waits a uniformly random time in [0, min(maxMs, baseMs · 2^(n-1))). Full jitter spreads the
 * retries of many callers that failed together, instead of sending them back in synchronized waves.
 */
export function fullJitterDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
