import { loadConfig } from '../../src/config';
import { parseRate } from '../../src/config/rate';
import { callerKeyOf } from '../../src/rateLimits/callerLimit';
import { limitHeader, policyHeader, secondsUntilReset } from '../../src/rateLimits/headers';
import { clientAddress } from '../../src/request/clientAddress';
import { tokenCredential } from '../../src/swr/credentials/credential';

test('a rate is <count>/<duration> in ms, s, m or h', () => {
  expect(parseRate('100/1m')).toEqual({ count: 100, windowMs: 60_000 });
  expect(parseRate('5/500ms')).toEqual({ count: 5, windowMs: 500 });
  expect(parseRate(' 10 / 2h ')).toEqual({ count: 10, windowMs: 7_200_000 });
  expect(parseRate('3/10s')).toEqual({ count: 3, windowMs: 10_000 });
  for (const bad of ['0/1s', '10/0s', '10', '10/1d', '1.5/1s', '-1/1s', '10/s', 'ten/1s'])
    expect(parseRate(bad)).toBeUndefined();
});

test('the rate settings are off unless set, and a malformed one is a configuration problem', () => {
  expect(loadConfig({}).rateLimits).toEqual({ caller: undefined, upstream: undefined, trustProxy: 0 });
  expect(
    loadConfig({ CALLER_RATE_LIMIT: '100/1m', UPSTREAM_RATE_LIMIT: '20/1s', TRUST_PROXY: 'true' }).rateLimits,
  ).toEqual({
    caller: { count: 100, windowMs: 60_000 },
    upstream: { count: 20, windowMs: 1000 },
    trustProxy: 1,
  });
  expect(() => loadConfig({ CALLER_RATE_LIMIT: '100 per minute' })).toThrow(/CALLER_RATE_LIMIT/);
  expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
});

test('RateLimit-Policy and RateLimit follow draft-ietf-httpapi-ratelimit-headers-11', () => {
  expect(policyHeader({ count: 100, windowMs: 60_000 })).toBe('"caller";q=100;w=60');
  // The draft's window is whole seconds: a window that is not is left out rather than misstated.
  expect(policyHeader({ count: 5, windowMs: 500 })).toBe('"caller";q=5');
  expect(limitHeader({ allowed: true, remaining: 42, resetMs: 16_001 })).toBe('"caller";r=42;t=17');
  expect(secondsUntilReset({ allowed: false, remaining: 0, resetMs: 0 })).toBe(1);
  expect(secondsUntilReset({ allowed: false, remaining: 0, resetMs: 1000 })).toBe(1);
  expect(secondsUntilReset({ allowed: false, remaining: 0, resetMs: 1001 })).toBe(2);
});

test('X-Forwarded-For is believed only as far as TRUST_PROXY says', () => {
  const xff = '203.0.113.9, 10.0.0.1, 198.51.100.7';
  expect(clientAddress('192.0.2.1', xff, 0)).toBe('192.0.2.1');
  expect(clientAddress('192.0.2.1', xff, 1)).toBe('198.51.100.7');
  expect(clientAddress('192.0.2.1', xff, 2)).toBe('10.0.0.1');
  // More proxies configured than entries: the leftmost, never beyond.
  expect(clientAddress('192.0.2.1', '203.0.113.9', 5)).toBe('203.0.113.9');
  expect(clientAddress('192.0.2.1', undefined, 1)).toBe('192.0.2.1');
});

test('who a request counts against, by caller authentication mode', () => {
  const address = () => '192.0.2.1';
  const token = { credential: tokenCredential('T') };
  expect(callerKeyOf('none', token, address)).toEqual(['swr-token', 'T']);
  expect(callerKeyOf('none', { credential: null }, address)).toBeUndefined();
  const keyed = { credential: tokenCredential('service'), caller: 'api-key:1', callerKey: ['api-key', 'd1'] };
  expect(callerKeyOf('api-key', keyed, address)).toEqual(['api-key', 'd1']);
  expect(callerKeyOf('anonymous', { credential: tokenCredential('service') }, address)).toEqual([
    'address',
    '192.0.2.1',
  ]);
});
