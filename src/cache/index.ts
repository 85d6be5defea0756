import { randomBytes } from 'node:crypto';
import type { CacheConfig } from '../config';
import type { Logger } from '../logger';
import { Invalidations } from './invalidations';
import { createKeyer } from './keys';
import { MemoryStore } from './memoryStore';
import { PageCache, type PageClient, type SharedTier, type UpstreamCache } from './pageCache';
import type { RedisStore } from './redisStore';
import type { RedisSubscriber } from './redisSubscriber';
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
  now?: (() => number) | undefined;
}

/** The upstream cache as configured: memory, memory + Redis, or off. Made once per process. */
export function createUpstreamCache({ config, client, logger, now = Date.now }: CacheDeps): UpstreamCache {
  if (!config.enabled) return uncachedPages(client);
  const log = logger.child({ component: 'cache' });
  const memory = new MemoryStore(config);
  return new PageCache({
    client,
    policy: config,
    maxEntryBytes: config.maxEntryBytes,
    keyer: createKeyer(config.hmacSecret),
    memory,
    shared: config.redis && sharedTier(config, config.redis, memory, log),
    logger: log,
    now,
  });
}

/** Redis, and this replica's ear for the others: both connections tell `Invalidations` when they come and go. */
function sharedTier(
  config: CacheConfig,
  redis: NonNullable<CacheConfig['redis']>,
  memory: MemoryStore,
  logger: Logger,
): SharedTier {
  const { RedisStore, RedisSubscriber } = loadRedisTier();
  const invalidations = new Invalidations({
    replica: randomBytes(12).toString('base64url'),
    memory,
    maxRemembered: config.maxEntries,
  });
  const store = new RedisStore({
    ...redis,
    logger,
    onStateChange: (state) =>
      state === 'up' ? invalidations.sharedTierUp() : invalidations.sharedTierDown(),
  });
  return {
    store,
    invalidations,
    subscriber: new RedisSubscriber({ ...redis, invalidations, logger }),
    lockTtlMs: redis.lockTtlMs,
    lockWaitMs: redis.lockWaitMs,
    lockPollMs: redis.lockPollMs,
  };
}

/**
 * The Redis tier's code, loaded only when Redis is configured: ioredis and what it pulls in take a share of the
 * process's memory that a memory-only gateway has no use for.
 */
function loadRedisTier(): { RedisStore: typeof RedisStore; RedisSubscriber: typeof RedisSubscriber } {
  return {
    RedisStore: (require('./redisStore') as typeof import('./redisStore')).RedisStore,
    RedisSubscriber: (require('./redisSubscriber') as typeof import('./redisSubscriber')).RedisSubscriber,
  };
}
