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

/**
 * Make an entry read-only, items and their tags included: the memory tier hands the same objects to every reader,
 * so none can change what another reads (an attempt throws, the modules being strict).
 */
export function freezeEntry(entry: CacheEntry): CacheEntry {
  for (const item of entry.value.items) {
    Object.freeze(item.tags);
    Object.freeze(item);
  }
  Object.freeze(entry.value.items);
  Object.freeze(entry.value);
  return Object.freeze(entry);
}

/** What an entry weighs in the memory tier: its serialized size when known, else SWR's body length. */
export function entryBytes(entry: CacheEntry, text?: string): number {
  if (text !== undefined) return Buffer.byteLength(text, 'utf8');
  return entry.value.sourceBytes ?? Buffer.byteLength(encodeEntry(entry), 'utf8');
}

/** The shared tier's text: every replica reads the same bytes. */
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
