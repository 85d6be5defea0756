import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startGateway } from '../../src/server';
import { createHarness, type Harness, harnessPerTest, listCalls, TOKEN } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

const URL_ = 'http://gateway.test';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// A fresh gateway per test: no cached page or kept result carries from one test to the next.
const harness = harnessPerTest();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const accessLines = () => h.logs.entries().filter((e) => e.msg === 'request');
const scrape = async () => (await h.fetch(`${URL_}/metrics`)).text();

describe('request id and trace context', () => {
  test('the caller’s x-request-id is echoed and forwarded upstream', async () => {
    const r = await h.gql('{ sharedRepositories { totalCount } }', undefined, {
      headers: { 'x-request-id': 'req-42.a' },
    });
    expect(r.headers.get('x-request-id')).toBe('req-42.a');
    expect(listCalls(h.sim)[0]?.headers['x-request-id']).toBe('req-42.a');
    expect(accessLines()[0]?.requestId).toBe('req-42.a');
  });

  test('without one (or with an unsafe one) a fresh id is generated, echoed and forwarded', async () => {
    const r = await h.gql('{ sharedRepositories { totalCount } }', undefined, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    const id = r.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(listCalls(h.sim)[0]?.headers['x-request-id']).toBe(id);
  });

  test('W3C traceparent and tracestate are forwarded upstream and the trace id is logged', async () => {
    await h.gql('{ sharedRepositories { totalCount } }', undefined, {
      headers: { traceparent: TRACEPARENT, tracestate: 'vendor=abc' },
    });
    const upstream = listCalls(h.sim)[0]?.headers;
    expect(upstream?.traceparent).toBe(TRACEPARENT);
    expect(upstream?.tracestate).toBe('vendor=abc');
    expect(accessLines()[0]?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  test('a malformed traceparent is not forwarded', async () => {
    await h.gql('{ sharedRepositories { totalCount } }', undefined, {
      headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01', tracestate: 'x=1' },
    });
    expect(listCalls(h.sim)[0]?.headers.traceparent).toBeUndefined();
    expect(listCalls(h.sim)[0]?.headers.tracestate).toBeUndefined();
  });
});

describe('access log', () => {
  test('one line per request with status, duration, operation, error codes and upstream calls', async () => {
    await h.gql('query Mine { sharedRepositories(page: { size: 5 }) { totalCount } }');
    await h.gql('query Bad { sharedRepositories(namespace: "-bad-") { totalCount } }');
    await h.gql('query NoToken { sharedRepositories { totalCount } }', undefined, { token: null });
    const lines = accessLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      status: 200,
      operation: 'Mine',
      operationType: 'query',
      upstreamCalls: 1,
    });
    expect(lines[0]?.ms).toEqual(expect.any(Number));
    expect(lines[0]?.errors).toBeUndefined();
    expect(lines[1]).toMatchObject({ operation: 'Bad', errors: ['BAD_USER_INPUT'], upstreamCalls: 0 });
    expect(lines[2]).toMatchObject({ operation: 'NoToken', errors: ['UNAUTHENTICATED'], upstreamCalls: 0 });
  });

  test('a refused request is logged with its status and code', async () => {
    await h.gql(
      `{ sharedRepositories { ${'... on SharedRepositoryConnection { '.repeat(9)}totalCount${' }'.repeat(9)} } }`,
    );
    expect(accessLines()[0]).toMatchObject({ path: '/graphql', errors: ['MAX_DEPTH_EXCEEDED'] });
    expect(accessLines()[0]?.upstreamCalls).toBeUndefined();
  });

  test('a caller that leaves while SWR is slow: one 499 line with its operation, no error counted', async () => {
    h.sim.faults.enqueue({ kind: 'latency', ms: 400 });
    const controller = new AbortController();
    const leaving = h.gql(
      'query Leaving { sharedRepositories(page: { size: 9 }) { totalCount } }',
      undefined,
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(leaving).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(accessLines()).toEqual([
      expect.objectContaining({ status: 499, operation: 'Leaving', requestId: expect.any(String) }),
    ]);
    expect(await scrape()).not.toMatch(/gateway_graphql_errors_total\{/);
  });

  test('the cache status of the request is logged: a MISS, then a HIT', async () => {
    const query = 'query Cached { sharedRepositories(page: { size: 3 }) { totalCount } }';
    await h.gql(query, undefined, { token: 'cache-status-token' });
    await h.gql(query, undefined, { token: 'cache-status-token' });
    expect(accessLines().map((line) => [line.cache, line.upstreamCalls])).toEqual([
      ['MISS', 1],
      ['HIT', 0],
    ]);
  });
});

describe('metrics', () => {
  test('/metrics has HTTP and GraphQL durations, errors by code and upstream duration by status', async () => {
    await h.gql('query One { sharedRepositories { totalCount } }');
    h.sim.faults.enqueue({ kind: 'serverError' });
    // Another page: the first one is cached.
    await h.gql('query Two { sharedRepositories(page: { size: 7 }) { totalCount } }');
    const text = await scrape();
    expect(text).toMatch(
      /gateway_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /gateway_graphql_operation_duration_seconds_count\{operation_type="query",operation_name="One"\} 1/,
    );
    expect(text).toMatch(/gateway_graphql_errors_total\{code="UPSTREAM_UNAVAILABLE"\} 1/);
    expect(text).toMatch(/swr_upstream_request_duration_seconds_count\{status="200"\} \d+/);
    expect(text).toMatch(/swr_upstream_request_duration_seconds_count\{status="500"\} 1/);
    expect(text).toMatch(/gateway_upstream_calls_per_request_count \d+/);
    expect(text).toMatch(/swr_upstream_in_flight_requests 0/);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toContain(TOKEN);
  });

  test('in-flight upstream requests are counted while they run', async () => {
    h.sim.faults.enqueue({ kind: 'latency', ms: 500 });
    const pending = h.gql('{ sharedRepositories { totalCount } }');
    while (listCalls(h.sim).length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(await scrape()).toMatch(/swr_upstream_in_flight_requests 1/);
    await pending;
    expect(await scrape()).toMatch(/swr_upstream_in_flight_requests 0/);
  });

  test('client-chosen operation names beyond the cap count as "other"', async () => {
    const capped = await createHarness({ METRICS_MAX_OPERATION_NAMES: '2' });
    try {
      for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta'])
        await capped.gql(`query ${name} { __typename }`);
      const text = await (await capped.fetch(`${URL_}/metrics`)).text();
      const names = [...text.matchAll(/operation_name="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(names)).toEqual(new Set(['Alpha', 'Beta', 'other']));
    } finally {
      await capped.close();
    }
  });

  test('stats registered by other components appear at scrape time', async () => {
    let opened = 0;
    h.ops.metrics?.registerStats({
      name: 'fake_breaker_state',
      help: 'test provider',
      type: 'gauge',
      read: () => [{ value: opened }],
    });
    expect(await scrape()).toContain('fake_breaker_state 0');
    opened = 2;
    expect(await scrape()).toContain('fake_breaker_state 2');
  });

  test('METRICS_ENABLED=false serves no /metrics', async () => {
    const off = await createHarness({ METRICS_ENABLED: 'false' });
    try {
      expect(off.ops.metrics).toBeUndefined();
      expect((await off.fetch(`${URL_}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  test('METRICS_PORT moves /metrics off the public port', async () => {
    const config = loadConfig({ SWR_ENDPOINT: h.sim.url, HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0' });
    const gw = await startGateway(config, createLogger('silent', new LogCapture()));
    try {
      expect((await fetch(`${gw.url}/metrics`)).status).toBe(404);
      const r = await fetch(`${gw.metricsUrl}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('gateway_http_request_duration_seconds');
    } finally {
      await gw.close();
    }
  });
});

describe('health and readiness', () => {
  test('/health is 200 and /ready lists its checks', async () => {
    expect((await h.fetch(`${URL_}/health`)).status).toBe(200);
    const ready = await h.fetch(`${URL_}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      ready: true,
      checks: { draining: { ok: true }, breaker: { ok: true } },
    });
  });

  test('/ready is 503 with the reason while the upstream breaker is open', async () => {
    const x = await createHarness({ UPSTREAM_BREAKER_FAILURES: '2', UPSTREAM_RETRY_MAX_ATTEMPTS: '1' });
    try {
      x.ops.readiness.register('redis', () => ({ ok: true }));
      expect((await x.fetch(`${URL_}/ready`)).status).toBe(200);
      x.sim.faults.always({ kind: 'serverError' });
      for (let i = 0; i < 2; i++) await x.gql('{ sharedRepositories { totalCount } }');
      const r = await x.fetch(`${URL_}/ready`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({
        ready: false,
        checks: {
          breaker: { ok: false, reason: expect.stringContaining('circuit breaker is open') },
          redis: { ok: true },
        },
      });
    } finally {
      await x.close();
    }
  });
});
