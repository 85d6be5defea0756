import { randomUUID } from 'node:crypto';
import type { GqlResult } from './harness';
import { startRedis, type TestRedis } from './redis';

/** Every cache test runs against both stores. */
export const STORES = ['memory', 'redis'] as const;
export type Store = (typeof STORES)[number];

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789';

/**
 * The Redis for a `describe.each(STORES)` block: started in beforeAll for the redis store only. `env()` gives
 * the cache settings for the store, with a fresh key prefix each call so harnesses never see each other's keys
 * unless they share one env (replicas).
 */
export function storeFixture(store: Store) {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return {
    get url(): string {
      if (!redis) throw new Error('no Redis in the memory-store run');
      return redis.url;
    },
    env(extra: Record<string, string> = {}): Record<string, string> {
      const base: Record<string, string> = { CACHE_ENABLED: 'true', CACHE_HMAC_SECRET: TEST_SECRET };
      return { ...base, ...(redis ? redisCacheEnv(redis.url) : {}), ...extra };
    },
  };
}

/**
 * The cache settings of a gateway on the Redis at `url`, with a fresh key prefix each call: gateways share entries
 * only when they share one env (replicas).
 */
export function redisCacheEnv(url: string): Record<string, string> {
  return {
    REDIS_URL: url,
    CACHE_HMAC_SECRET: TEST_SECRET,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    // These tests count upstream calls; on a loaded 2-core machine with hundreds of in-process requests the
    // 150 ms default would time out commands for the machine's load, not Redis's, and fall back to upstream
    // (correct, but it changes the counts). The deadline itself is tested in cache-redis-outage.test.ts.
    REDIS_COMMAND_TIMEOUT_MS: '1000',
  };
}

/** `extensions.cache` of a response. */
export function cacheOf(r: GqlResult): {
  status: string;
  ageMs: number;
  pages: { status: string; ageMs: number }[];
} {
  return r.body.extensions?.cache as {
    status: string;
    ageMs: number;
    pages: { status: string; ageMs: number }[];
  };
}

/** Poll until `check` holds (or fail after `timeoutMs`); for background work the test cannot await. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
