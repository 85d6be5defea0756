import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 's'.repeat(32);

test('the cache is on by default, memory only', () => {
  const { cache } = loadConfig({});
  expect(cache).toMatchObject({ enabled: true, ttlMs: 30_000, redis: undefined, hmacSecret: undefined });
});

test('the memory tier holds 16 MiB of pages by default (a full garbage collection walks all of it); more when set', () => {
  expect(loadConfig({}).cache).toMatchObject({ maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 });
  expect(loadConfig({ CACHE_MAX_BYTES: '' }).cache.maxBytes).toBe(16 * 1024 * 1024);
  expect(loadConfig({ CACHE_MAX_BYTES: String(64 * 1024 * 1024) }).cache.maxBytes).toBe(64 * 1024 * 1024);
});

test('Redis without an HMAC secret is refused, naming both settings', () => {
  expect(() => loadConfig({ REDIS_URL: 'redis://localhost:6379' })).toThrow(ConfigError);
  try {
    loadConfig({ REDIS_URL: 'redis://localhost:6379' });
  } catch (error) {
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toContain('REDIS_URL');
    expect(text).toContain('CACHE_HMAC_SECRET');
  }
});

test('Redis with a secret is accepted', () => {
  const { cache } = loadConfig({ REDIS_URL: 'redis://localhost:6379/2', CACHE_HMAC_SECRET: SECRET });
  expect(cache.redis).toMatchObject({
    url: 'redis://localhost:6379/2',
    keyPrefix: 'swrgw:',
    commandTimeoutMs: 150,
  });
  expect(cache.hmacSecret).toBe(SECRET);
});

test('a short secret and a non-Redis URL are refused without echoing them', () => {
  try {
    loadConfig({ REDIS_URL: 'http://user:pw-canary@host', CACHE_HMAC_SECRET: 'short-canary' });
    throw new Error('expected a ConfigError');
  } catch (error) {
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/REDIS_URL must be a redis:\/\//);
    expect(text).toMatch(/CACHE_HMAC_SECRET must be at least 32/);
    expect(text).not.toContain('canary');
  }
});
