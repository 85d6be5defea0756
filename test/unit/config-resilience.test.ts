import { loadConfig } from '../../src/config';

test('resilience defaults: a deadline well below 30 s, a few attempts, a breaker and a bulkhead', () => {
  expect(loadConfig({}).resilience).toEqual({
    deadlineMs: 10000,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000, budgetPercent: 20, budgetReserve: 10 },
    breaker: { failureThreshold: 5, openMs: 5000 },
    bulkhead: { maxConcurrent: 32, queueSize: 16 },
  });
});

test('resilience settings are read from the environment', () => {
  const c = loadConfig({
    REQUEST_DEADLINE_MS: '2500',
    UPSTREAM_RETRY_MAX_ATTEMPTS: '1',
    UPSTREAM_BREAKER_FAILURES: '9',
    UPSTREAM_QUEUE_SIZE: '0',
  }).resilience;
  expect(c.deadlineMs).toBe(2500);
  expect(c.retry.maxAttempts).toBe(1);
  expect(c.breaker.failureThreshold).toBe(9);
  expect(c.bulkhead.queueSize).toBe(0);
});

test('a bulkhead wider than the connection pool is refused', () => {
  expect(() => loadConfig({ UPSTREAM_CONNECTIONS: '8', UPSTREAM_MAX_CONCURRENT: '16' })).toThrow(
    /UPSTREAM_MAX_CONCURRENT \(16\) must not exceed UPSTREAM_CONNECTIONS \(8\)/,
  );
  expect(() => loadConfig({ REQUEST_DEADLINE_MS: '50', UPSTREAM_RETRY_BUDGET_PERCENT: '101' })).toThrow(
    /REQUEST_DEADLINE_MS[\s\S]*UPSTREAM_RETRY_BUDGET_PERCENT/,
  );
});
