import type { Operations } from '../ops';
import type { UpstreamCache } from './index';

const EVENTS = [
  ['hit', 'hits'],
  ['miss', 'misses'],
  ['stale', 'staleServes'],
  ['coalesced', 'coalescedWaits'],
  ['peer_wait', 'peerWaits'],
  ['background_refresh', 'backgroundRefreshes'],
  ['bypass', 'bypasses'],
  ['oversized', 'oversized'],
  ['credential_drop', 'credentialDrops'],
  ['invalidation', 'invalidations'],
  ['upstream_fetch', 'upstreamFetches'],
] as const;

/** The cache's counters as metrics, and a configured Redis as a readiness check. */
export function registerCacheOperations(
  ops: Operations,
  cache: UpstreamCache,
  redisConfigured: boolean,
): void {
  ops.metrics?.registerStats({
    name: 'gateway_cache_events_total',
    help: 'Upstream page cache events: hit, miss, stale serve, coalesced wait, ...',
    type: 'counter',
    labelNames: ['event'],
    read: () => {
      const stats = cache.stats();
      return EVENTS.map(([event, field]) => ({ labels: { event }, value: stats[field] }));
    },
  });
  ops.metrics?.registerStats({
    name: 'gateway_cache_redis_errors_total',
    help: 'Failed Redis commands and connection errors of the shared cache tier',
    type: 'counter',
    read: () => [{ value: cache.stats().redisErrors }],
  });
  ops.metrics?.registerStats({
    name: 'gateway_cache_entries',
    help: 'Pages in the in-memory cache tier',
    type: 'gauge',
    read: () => [{ value: cache.stats().entries }],
  });
  if (redisConfigured) {
    ops.readiness.register('redis', () =>
      cache.stats().redis === 'down'
        ? { ok: false, reason: 'Redis (shared cache) is unreachable' }
        : { ok: true },
    );
  }
}
