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
}

/** What `extensions.cache` of a response says. */
export interface CacheReport extends CacheLookup {
  /** One lookup per distinct upstream page the operation used, in request order. */
  pages: CacheLookup[];
}

/** Precedence for the summary: the status that matters most to a client wins (stale data above all). */
const PRECEDENCE: readonly CacheStatus[] = ['STALE', 'MISS', 'BYPASS', 'HIT'];

/** Summarise an operation's lookups: the most significant status and the oldest page's age. */
export function cacheReport(pages: readonly CacheLookup[]): CacheReport | undefined {
  if (pages.length === 0) return undefined;
  const status = PRECEDENCE.find((s) => pages.some((p) => p.status === s)) ?? 'HIT';
  const ageMs = Math.max(...pages.map((p) => p.ageMs));
  return { status, ageMs, pages: [...pages] };
}
