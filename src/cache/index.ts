import type { CacheConfig } from '../config';
import type { Logger } from '../logger';
import { createKeyer } from './keys';
import { MemoryStore } from './memoryStore';
import { PageCache, type PageClient, type UpstreamCache } from './pageCache';
import type { RedisStore } from './redisStore';
import { uncachedPages } from './uncached';

export { wantsFreshAnswer } from './cacheControl';
export { isCredentialRejected, isStaleEligible } from './failures';
export type { LookupOptions, PageLookup, PageSource, UpstreamCache } from './pageCache';
export type { CacheStats } from './stats';
export { type CacheLookup, type CacheReport, type CacheStatus, cacheReport } from './status';
export { uncachedPages } from './uncached';

export interface CacheDeps {
  config: CacheConfig;
  client: PageClient;
  logger: Logger;
  /** Wall clock in epoch ms; tests inject one they can move. */
  now?: () => number;
}

/** The upstream cache as configured: memory, memory + Redis, or off. Made once per process. */
export function createUpstreamCache({ config, client, logger, now = Date.now }: CacheDeps): UpstreamCache {
  if (!config.enabled) return uncachedPages(client);
  const log = logger.child({ component: 'cache' });
  const { redis } = config;
  return new PageCache({
    client,
    policy: config,
    maxEntryBytes: config.maxEntryBytes,
    keyer: createKeyer(config.hmacSecret),
    memory: new MemoryStore(config),
    shared: redis && {
      store: new (loadRedisStore())({ ...redis, logger: log }),
      lockTtlMs: redis.lockTtlMs,
      lockWaitMs: redis.lockWaitMs,
      lockPollMs: redis.lockPollMs,
    },
    logger: log,
    now,
  });
}

/**
 * The Redis tier's code, loaded only when Redis is configured: ioredis and what it pulls in weigh about 8 MB of a
 * process's memory, which a memory-only gateway has no use for.
 */
function loadRedisStore(): typeof RedisStore {
  return (require('./redisStore') as typeof import('./redisStore')).RedisStore;
}
