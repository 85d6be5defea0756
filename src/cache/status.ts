/**
 * What the cache did for one upstream page:
 * - HIT: served from the cache, fresh;
 * - STALE: served from the cache past its freshness (stale-while-revalidate, or stale-if-error);
 * - MISS: fetched from SWR (by this request, or by a concurrent one it waited for, on this or another replica);
 * - BYPASS: the cache was not consulted (client sent `Cache-Control: no-cache`, or the cache is off).
 */
export type CacheStatus = 'HIT' | 'STALE' | 'MISS' | 'BYPASS';

export interface CacheLookup {
  status: CacheStatus;
  /** How old the served page is (ms since SWR answered it); 0 for a page fetched just now. */
  ageMs: number;
  /**
   * The stored entry the page came from (its key and when SWR answered it); absent when nothing was stored.
   * Internal: lets a cached GraphQL result check that every page under it is still the current, fresh one.
   */
  entry?: { id: string; storedAt: number };
  /** The tier the lookup read: memory, or Redis when it answered; absent when nothing was read (BYPASS). */
  tier?: CacheTier;
  /** True when the page came from a fetch another lookup had started, which this one waited for (single-flight). */
  coalesced?: boolean;
}

export type CacheTier = 'memory' | 'redis';

/** What a client sees of one lookup. */
export interface CacheReportPage {
  status: CacheStatus;
  ageMs: number;
}

/** What `extensions.cache` of a response says. */
export interface CacheReport extends CacheReportPage {
  /** One lookup per distinct upstream page the operation used, in request order. */
  pages: CacheReportPage[];
}

/** Precedence for the summary: the status that matters most to a client wins (stale data above all). */
const PRECEDENCE: readonly CacheStatus[] = ['STALE', 'MISS', 'BYPASS', 'HIT'];

/** Summarise an operation's lookups: the most significant status and the oldest page's age. */
export function cacheReport(lookups: readonly CacheReportPage[]): CacheReport | undefined {
  if (lookups.length === 0) return undefined;
  const pages = lookups.map(({ status, ageMs }) => ({ status, ageMs }));
  const status = PRECEDENCE.find((s) => pages.some((p) => p.status === s)) ?? 'HIT';
  const ageMs = Math.max(...pages.map((p) => p.ageMs));
  return { status, ageMs, pages };
}
