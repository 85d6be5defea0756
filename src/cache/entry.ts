import type { ListResult } from '../swr/client';

/** One cached upstream page and when it was fetched (epoch ms, so replicas agree on its age). */
export interface CacheEntry {
  storedAt: number;
  value: ListResult;
}

export interface FreshnessPolicy {
  ttlMs: number;
  staleWhileRevalidateMs: number;
  staleIfErrorMs: number;
}

/**
 * - `fresh`: serve it;
 * - `revalidate`: serve it now and refresh in the background;
 * - `if-error`: fetch, and serve it only if SWR cannot answer;
 * - `expired`: useless.
 */
export type Freshness = 'fresh' | 'revalidate' | 'if-error' | 'expired';

export function freshness(entry: CacheEntry, now: number, policy: FreshnessPolicy): Freshness {
  const age = now - entry.storedAt;
  if (age < policy.ttlMs) return 'fresh';
  const staleFor = age - policy.ttlMs;
  if (staleFor < policy.staleWhileRevalidateMs) return 'revalidate';
  if (staleFor < policy.staleIfErrorMs) return 'if-error';
  return 'expired';
}

/** How long a store keeps an entry: as long as any window can still use it. */
export function lifetimeMs(policy: FreshnessPolicy): number {
  return policy.ttlMs + Math.max(policy.staleWhileRevalidateMs, policy.staleIfErrorMs);
}

export function ageOf(entry: CacheEntry, now: number): number {
  return Math.max(0, now - entry.storedAt);
}

/** Stored as text: both stores keep the same bytes, and a reader can never mutate another reader's copy. */
export function encodeEntry(entry: CacheEntry): string {
  return JSON.stringify({ t: entry.storedAt, r: entry.value });
}

/** `undefined` for anything that is not an entry this version wrote (a shared Redis may hold other data). */
export function decodeEntry(text: string): CacheEntry | undefined {
  try {
    const parsed = JSON.parse(text) as { t?: unknown; r?: { items?: unknown } };
    if (typeof parsed.t !== 'number' || !Array.isArray(parsed.r?.items)) return undefined;
    return { storedAt: parsed.t, value: parsed.r as ListResult };
  } catch {
    return undefined;
  }
}
