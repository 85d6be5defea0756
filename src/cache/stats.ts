/** Counters since start; read at scrape time by the metrics endpoint. */
export interface CacheCounters {
  /** Fresh pages served from the cache. */
  hits: number;
  /** Lookups that needed SWR (their own call, a coalesced one, or a peer replica's). */
  misses: number;
  /** Stale pages served (stale-while-revalidate and stale-if-error). */
  staleServes: number;
  /** Background refreshes started after a stale serve. */
  backgroundRefreshes: number;
  /** Lookups that joined a call already in flight on this replica instead of making their own. */
  coalescedWaits: number;
  /** Misses answered by the value another replica fetched while holding the Redis lock. */
  peerWaits: number;
  /** Calls this cache made to SWR. */
  upstreamFetches: number;
  /** Lookups that skipped the cache (`Cache-Control: no-cache`, or the cache off). */
  bypasses: number;
  /** Pages too large to store (served, not cached). */
  oversized: number;
  /** Upstream 401s that dropped a credential's entries. */
  credentialDrops: number;
}

export interface CacheStats extends CacheCounters {
  /** Messages from other replicas (a page they refetched, a credential SWR rejected) that this one applied. */
  invalidations: number;
  /** Failed Redis commands and connection errors. */
  redisErrors: number;
  /** In-memory tier size. */
  entries: number;
  bytes: number;
  /** `off` without REDIS_URL; `down` during an outage. */
  redis: 'off' | 'up' | 'down';
}

export function newCounters(): CacheCounters {
  return {
    hits: 0,
    misses: 0,
    staleServes: 0,
    backgroundRefreshes: 0,
    coalescedWaits: 0,
    peerWaits: 0,
    upstreamFetches: 0,
    bypasses: 0,
    oversized: 0,
    credentialDrops: 0,
  };
}
