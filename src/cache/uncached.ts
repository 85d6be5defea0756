import type { PageClient, UpstreamCache } from './pageCache';
import { newCounters } from './stats';

/** The cache switched off (`CACHE_ENABLED=false`): every page straight from SWR, reported as BYPASS. */
export function uncachedPages(client: PageClient): UpstreamCache {
  const counters = newCounters();
  return {
    async list(query, credential, options) {
      counters.bypasses++;
      counters.upstreamFetches++;
      const { fresh: _fresh, ...call } = options;
      const result = await client.listSharedRepositories(query, credential, call);
      return { result, cache: { status: 'BYPASS', ageMs: 0 } };
    },
    // Nothing is stored, so nothing built on a page can be reused.
    isCurrent: () => false,
    ownerOf: () => '',
    stats: () => ({ ...counters, invalidations: 0, redisErrors: 0, entries: 0, bytes: 0, redis: 'off' }),
    ready: async () => true,
    close: async () => undefined,
  };
}
