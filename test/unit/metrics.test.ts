import { errorCodeLabel, GatewayMetrics, OperationNames } from '../../src/ops/metrics';

test('operation names are bounded: the first N distinct become labels, the rest "other"', () => {
  const names = new OperationNames(2);
  expect(['A', 'B', 'A', 'C', 'D', 'B'].map((n) => names.label(n))).toEqual([
    'A',
    'B',
    'A',
    'other',
    'other',
    'B',
  ]);
});

test('anonymous, malformed and overlong operation names never become labels', () => {
  const names = new OperationNames(10);
  expect(names.label(undefined)).toBe('anonymous');
  expect(names.label('x'.repeat(65))).toBe('other');
  expect(names.label('drop table;')).toBe('other');
});

test('an error code label is a code or UNKNOWN', () => {
  expect(errorCodeLabel('UPSTREAM_TIMEOUT')).toBe('UPSTREAM_TIMEOUT');
  expect(errorCodeLabel(undefined)).toBe('UNKNOWN');
  expect(errorCodeLabel('token abc123 leaked')).toBe('UNKNOWN');
});

test('stats providers are read at scrape time, as counters or gauges with labels', async () => {
  const metrics = new GatewayMetrics({ maxOperationNames: 5 });
  const cache = { hits: 3, misses: 1 };
  let breaker = 0;
  metrics.registerStats({
    name: 'test_cache_events_total',
    help: 'cache events',
    type: 'counter',
    labelNames: ['event'],
    read: () => [
      { labels: { event: 'hit' }, value: cache.hits },
      { labels: { event: 'miss' }, value: cache.misses },
    ],
  });
  metrics.registerStats({
    name: 'test_breaker_state',
    help: 'breaker',
    type: 'gauge',
    read: () => [{ value: breaker }],
  });
  let text = await metrics.registry.metrics();
  expect(text).toContain('test_cache_events_total{event="hit"} 3');
  expect(text).toContain('# TYPE test_cache_events_total counter');
  expect(text).toContain('test_breaker_state 0');
  cache.hits = 10;
  breaker = 2;
  text = await metrics.registry.metrics();
  expect(text).toContain('test_cache_events_total{event="hit"} 10');
  expect(text).toContain('test_breaker_state 2');
});

test('each instance has its own registry (two apps in one process do not share series)', async () => {
  const a = new GatewayMetrics({ maxOperationNames: 5 });
  const b = new GatewayMetrics({ maxOperationNames: 5 });
  a.graphqlErrors.inc({ code: 'X' });
  expect(await a.registry.metrics()).toContain('gateway_graphql_errors_total{code="X"} 1');
  expect(await b.registry.metrics()).not.toContain('code="X"');
});
