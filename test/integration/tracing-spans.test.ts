import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { type Simulator, startSimulator } from '../../src/simulator';
import { startGatewayOver } from '../helpers/gateway';
import { listCalls } from '../helpers/harness';
import { startRedis, type TestRedis } from '../helpers/redis';
import { IAM_USER } from '../helpers/serviceModes';
import {
  parentIdOf,
  type SpanTree,
  spanIdOf,
  startTracedGateway,
  type TracedGateway,
} from '../helpers/tracing';

/**
 * The span tree of each way a request is answered, from a gateway built as it ships (cache and fast path on) with
 * tracing on: one SERVER span per request, the operation under it, a span per page lookup under that, and one
 * CLIENT span per upstream attempt under the lookup, whose trace context SWR receives.
 */

const PAGE = `query Page($size: Int) {
  sharedRepositories(page: { size: $size }) { totalCount nodes { name } }
}`;
const OTHER_DOCUMENT = `query Names($size: Int) {
  sharedRepositories(page: { size: $size }) { nodes { name namespace } }
}`;

let sim: Simulator;
let t: TracedGateway;
let requests = 0;

interface Sent {
  requestId: string;
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** A POST as a real client sends it; a request id of its own, so the test finds its trace. */
async function post(
  token: string | null,
  body: unknown,
  headers: Record<string, string> = {},
  url = t.gateway.url,
): Promise<Sent> {
  const requestId = `trace-test-${++requests}`;
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { 'x-auth-token': token }),
      'x-request-id': requestId,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { requestId, status: r.status, headers: r.headers, body: text === '' ? {} : JSON.parse(text) };
}

const page = (size: number, query = PAGE) => ({ query, variables: { size }, operationName: undefined });
const attr = (span: ReadableSpan, name: string) => span.attributes[name];

/** The operation span under the SERVER span, its one page lookup and that lookup's upstream attempts. */
function pathOf(tree: SpanTree) {
  const operation = tree.onlyChildOf(tree.server);
  const lookups = tree.childrenOf(operation);
  const attempts = lookups.flatMap((l) => tree.childrenOf(l));
  return { operation, lookups, attempts };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, iamUsers: [IAM_USER] });
  t = await startTracedGateway(sim);
});
afterAll(async () => {
  await t.close();
  await sim.close();
});
beforeEach(() => sim.reset());

test('a miss: SERVER, the operation, a MISS lookup and one CLIENT attempt, whose span is SWR parent', async () => {
  const sent = await post('miss-token', page(3));
  expect(sent.status).toBe(200);
  const tree = await t.traceOf(sent.requestId);
  const { server } = tree;
  expect(server.name).toBe('POST /graphql');
  expect(server.attributes).toMatchObject({
    'http.request.method': 'POST',
    'url.path': '/graphql',
    'http.route': '/graphql',
    'http.response.status_code': 200,
    'gateway.request_id': sent.requestId,
  });
  const { operation, lookups, attempts } = pathOf(tree);
  expect(operation.name).toBe('query Page');
  expect(operation.attributes).toMatchObject({
    'graphql.operation.name': 'Page',
    'graphql.operation.type': 'query',
    'gateway.answer': 'yoga',
  });
  expect(lookups).toHaveLength(1);
  expect(lookups[0]?.attributes).toMatchObject({
    'gateway.cache.status': 'MISS',
    'gateway.cache.tier': 'memory',
    'gateway.page.limit': 3,
    'gateway.page.offset': 0,
  });
  expect(attempts).toHaveLength(1);
  const [attempt] = attempts as [ReadableSpan];
  expect(attempt.kind).toBe(SpanKind.CLIENT);
  expect(attempt.attributes).toMatchObject({
    'http.request.method': 'GET',
    'server.address': '127.0.0.1',
    'server.port': sim.port,
    'http.response.status_code': 200,
    'gateway.upstream': 'SWR',
  });
  const [call] = listCalls(sim);
  expect(call?.headers.traceparent).toBe(`00-${tree.traceId}-${spanIdOf(attempt)}-01`);
});

test("a caller's traceparent continues its trace; SWR and the log lines get the gateway's spans, not the caller's", async () => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const sent = await post('continued-token', page(4), {
    traceparent: `00-${callerTrace}-${callerSpan}-01`,
    tracestate: 'vendor=abc',
  });
  const tree = await t.traceOf(sent.requestId);
  expect(tree.traceId).toBe(callerTrace);
  expect(tree.server.parentSpanContext?.spanId).toBe(callerSpan);
  const [attempt] = pathOf(tree).attempts as [ReadableSpan];
  const [call] = listCalls(sim);
  expect(parentIdOf(call?.headers.traceparent)).toBe(spanIdOf(attempt));
  expect(call?.headers.tracestate).toBe('vendor=abc');
  const access = t.logs.entries().find((e) => e.requestId === sent.requestId && e.msg === 'request');
  expect(access).toMatchObject({ traceId: callerTrace, spanId: spanIdOf(tree.server) });
});

test('a hit: a new document asking for a cached page records HIT and makes no upstream attempt', async () => {
  await post('hit-token', page(5));
  sim.reset();
  const sent = await post('hit-token', page(5, OTHER_DOCUMENT));
  const tree = await t.traceOf(sent.requestId);
  const { lookups, attempts } = pathOf(tree);
  expect(lookups.map((l) => [attr(l, 'gateway.cache.status'), attr(l, 'gateway.cache.tier')])).toEqual([
    ['HIT', 'memory'],
  ]);
  expect(attempts).toEqual([]);
  expect(tree.ofKind(SpanKind.CLIENT)).toEqual([]);
  expect(listCalls(sim)).toHaveLength(0);
});

test('a kept result: SERVER and the operation answered from it, nothing else', async () => {
  await post('kept-token', page(6));
  const kept = t.gateway.fastPathAnswers?.().kept ?? 0;
  const sent = await post('kept-token', page(6));
  expect(t.gateway.fastPathAnswers?.().kept).toBe(kept + 1);
  const tree = await t.traceOf(sent.requestId);
  expect(tree.spans).toHaveLength(2);
  expect(tree.onlyChildOf(tree.server).attributes).toMatchObject({
    'gateway.answer': 'kept',
    'graphql.operation.name': 'Page',
  });
});

test('direct execution: the operation says so, its lookup and attempt are under it', async () => {
  await post('direct-token', page(7));
  const direct = t.gateway.fastPathAnswers?.().direct ?? 0;
  const sent = await post('direct-token', page(8));
  expect(t.gateway.fastPathAnswers?.().direct).toBe(direct + 1);
  const tree = await t.traceOf(sent.requestId);
  const { operation, lookups, attempts } = pathOf(tree);
  expect(operation.attributes['gateway.answer']).toBe('direct');
  expect(lookups.map((l) => attr(l, 'gateway.cache.status'))).toEqual(['MISS']);
  expect(attempts).toHaveLength(1);
  expect(parentIdOf(listCalls(sim).at(-1)?.headers.traceparent)).toBe(spanIdOf(attempts[0] as ReadableSpan));
});

test('a direct execution that yoga answers (its result has errors) still has one operation span', async () => {
  await post('handed-token', page(19));
  sim.faults.enqueue({
    kind: 'respond',
    status: 404,
    body: { errorCode: 'SVCSTG.SWR.4040001', errorMessage: 'x' },
  });
  const direct = t.gateway.fastPathAnswers?.().direct ?? 0;
  const sent = await post('handed-token', page(20));
  expect(sent.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect(t.gateway.fastPathAnswers?.().direct).toBe(direct);
  const tree = await t.traceOf(sent.requestId);
  const operation = tree.onlyChildOf(tree.server);
  expect(operation.attributes['gateway.answer']).toBe('direct');
  expect(operation.status.code).toBe(SpanStatusCode.ERROR);
  expect(tree.server.attributes['gateway.error_codes']).toEqual(['NOT_FOUND']);
});

test('a 304: one SERVER span with its status', async () => {
  const url = `${t.gateway.url}/graphql?query=${encodeURIComponent('{ sharedRepositories(page: { size: 9 }) { totalCount } }')}`;
  const get = (headers: Record<string, string>) =>
    fetch(url, {
      headers: { 'x-auth-token': 'etag-token', 'x-request-id': `etag-${++requests}`, ...headers },
    });
  const first = await get({});
  const again = await get({ 'if-none-match': first.headers.get('etag') ?? '' });
  expect(again.status).toBe(304);
  const tree = await t.traceOf(again.headers.get('x-request-id') ?? '');
  expect(tree.server.name).toBe('GET /graphql');
  expect(tree.server.attributes['http.response.status_code']).toBe(304);
});

test('refusals: one SERVER span with the status and error code; no operation, nothing upstream', async () => {
  const refused = [
    await post('refused-token', { query: '{ sharedRepositories(page: { size: 3 }) { totalCount ' }),
    await post('refused-token', {
      query: `{ a: sharedRepositories { totalCount } b: sharedRepositories { totalCount }
        c: sharedRepositories { totalCount } d: sharedRepositories { totalCount } }`,
    }),
  ];
  for (const sent of refused) {
    expect(sent.status).toBeGreaterThanOrEqual(200);
    const tree = await t.traceOf(sent.requestId);
    expect(tree.spans).toEqual([tree.server]);
    expect(tree.server.attributes['http.response.status_code']).toBe(sent.status);
    const code = sent.body.errors?.[0]?.extensions?.code;
    expect(tree.server.attributes['gateway.error_codes']).toEqual([code]);
  }
  expect(listCalls(sim)).toHaveLength(0);
});

test('retries: one CLIENT span per attempt, each with its own status and SWR error code, each SWR request under its own', async () => {
  const unavailable = { errorCode: 'SVCSTG.SWR.5000001', errorMessage: 'backend unavailable' };
  sim.faults.enqueue({ kind: 'respond', status: 503, body: unavailable }, 2);
  const sent = await post('retry-token', page(10));
  expect(sent.body.errors).toBeUndefined();
  const tree = await t.traceOf(sent.requestId);
  const { lookups, attempts } = pathOf(tree);
  expect(lookups).toHaveLength(1);
  expect(attempts.map((a) => attr(a, 'http.response.status_code'))).toEqual([503, 503, 200]);
  expect(attempts.map((a) => attr(a, 'http.request.resend_count'))).toEqual([undefined, 1, 2]);
  expect(attempts.map((a) => attr(a, 'swr.error_code'))).toEqual([
    'SVCSTG.SWR.5000001',
    'SVCSTG.SWR.5000001',
    undefined,
  ]);
  expect(attempts.map((a) => a.status.code)).toEqual([
    SpanStatusCode.ERROR,
    SpanStatusCode.ERROR,
    SpanStatusCode.UNSET,
  ]);
  expect(listCalls(sim).map((c) => parentIdOf(c.headers.traceparent))).toEqual(attempts.map(spanIdOf));
});

test('an upstream failure: every attempt failed, the lookup and the operation fail, the warning carries the trace', async () => {
  sim.faults.enqueue({ kind: 'respond', status: 503, body: '' }, 3);
  const sent = await post('failing-token', page(11));
  expect(sent.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  const tree = await t.traceOf(sent.requestId);
  const { operation, lookups, attempts } = pathOf(tree);
  expect(attempts).toHaveLength(3);
  const [lookup] = lookups as [ReadableSpan];
  expect(lookup.attributes['error.type']).toBe('http');
  expect([lookup.status.code, operation.status.code]).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
  expect(tree.server.attributes['gateway.error_codes']).toEqual(['UPSTREAM_UNAVAILABLE']);
  const warning = t.logs
    .entries()
    .find((e) => e.msg === 'upstream call failed' && e.requestId === sent.requestId);
  expect(warning).toMatchObject({ traceId: tree.traceId, spanId: spanIdOf(lookup) });
});

test('a single-flight burst: one CLIENT span in all; every other lookup waited for it', async () => {
  sim.faults.enqueue({ kind: 'latency', ms: 300 });
  const burst = await Promise.all(Array.from({ length: 8 }, () => post('burst-token', page(12))));
  expect(burst.every((s) => s.status === 200 && s.body.errors === undefined)).toBe(true);
  const trees = await Promise.all(burst.map((s) => t.traceOf(s.requestId)));
  const lookups = trees.map((tree) => pathOf(tree).lookups[0] as ReadableSpan);
  expect(trees.flatMap((tree) => tree.ofKind(SpanKind.CLIENT))).toHaveLength(1);
  expect(lookups.every((l) => attr(l, 'gateway.cache.status') === 'MISS')).toBe(true);
  expect(lookups.filter((l) => attr(l, 'gateway.cache.coalesced') === true)).toHaveLength(7);
  expect(listCalls(sim)).toHaveLength(1);
});

describe('token mode', () => {
  let iam: TracedGateway;
  const API_KEY = 'k'.repeat(40);
  beforeAll(async () => {
    // A second gateway in the same process, traced by the SDK already registered.
    const gateway = await startGatewayOver(sim, {
      OTEL_TRACES_EXPORTER: 'otlp',
      SWR_AUTH_MODE: 'token',
      IAM_ENDPOINT: sim.url,
      IAM_DOMAIN: IAM_USER.domain,
      IAM_USER: IAM_USER.name,
      IAM_PASSWORD: IAM_USER.password,
      IAM_PROJECT: 'cn-north-4',
      CALLER_AUTH: 'api-key',
      API_KEYS: API_KEY,
    });
    iam = { ...t, gateway, close: () => gateway.close() };
  });
  afterAll(() => iam.close());

  const asCaller = { 'x-api-key': API_KEY };
  const iamSpans = (tree: SpanTree) => tree.spans.filter((s) => attr(s, 'gateway.upstream') === 'IAM');

  test('the first request fetches the token: an IAM CLIENT span under the lookup, IAM gets its trace context', async () => {
    const sent = await post(null, page(13), asCaller, iam.gateway.url);
    expect(sent.body.errors).toBeUndefined();
    const tree = await iam.traceOf(sent.requestId);
    const [lookup] = pathOf(tree).lookups as [ReadableSpan];
    const [token] = iamSpans(tree) as [ReadableSpan];
    expect(token.parentSpanContext?.spanId).toBe(spanIdOf(lookup));
    expect(token.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'url.full': `${sim.url}/v3/auth/tokens`,
    });
    const [iamCall] = sim.requests.filter((r) => r.path === '/v3/auth/tokens');
    expect(parentIdOf(iamCall?.headers.traceparent)).toBe(spanIdOf(token));
  });

  test('a token refresh after a 401: the rejected attempt, the token request, the attempt that succeeded', async () => {
    await post(null, page(14), asCaller, iam.gateway.url);
    sim.revokeIamTokens();
    const sent = await post(null, page(15), asCaller, iam.gateway.url);
    expect(sent.body.errors).toBeUndefined();
    const tree = await iam.traceOf(sent.requestId);
    const [lookup] = pathOf(tree).lookups as [ReadableSpan];
    const children = tree
      .childrenOf(lookup)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(children.map((s) => [attr(s, 'gateway.upstream'), attr(s, 'http.response.status_code')])).toEqual([
      ['SWR', 401],
      ['IAM', 201],
      ['SWR', 200],
    ]);
  });
});

test('exactly one SERVER span per request on /graphql, whichever path answers; none for /health', async () => {
  const before = (await t.allSpans()).filter((s) => s.kind === SpanKind.SERVER).length;
  const sent = [
    await post('count-token', page(16)),
    await post('count-token', page(16)),
    await post('count-token', page(17)),
    await post('count-token', { query: '{' }),
  ];
  const preflight = await fetch(`${t.gateway.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
  });
  const get = await fetch(`${t.gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { 'x-auth-token': 'count-token' },
  });
  await fetch(`${t.gateway.url}/health`);
  expect([preflight.status, get.status]).toEqual([204, 200]);
  for (const s of sent) await t.traceOf(s.requestId);
  const servers = (await t.allSpans()).filter((s) => s.kind === SpanKind.SERVER).slice(before);
  expect(servers.map((s) => s.name)).toEqual([
    'POST /graphql',
    'POST /graphql',
    'POST /graphql',
    'POST /graphql',
    'OPTIONS /graphql',
    'GET /graphql',
  ]);
  expect(new Set(servers.map((s) => s.attributes['gateway.request_id'])).size).toBe(servers.length);
});

describe('with Redis, pages stale at once', () => {
  let redis: TestRedis;
  let shared: TracedGateway;
  beforeAll(async () => {
    redis = await startRedis();
    const gateway = await startGatewayOver(sim, {
      OTEL_TRACES_EXPORTER: 'otlp',
      REDIS_URL: redis.url,
      CACHE_HMAC_SECRET: 'tracing-test-secret-0123456789-abcdef',
      REDIS_KEY_PREFIX: `tracing-${process.pid}:`,
      CACHE_TTL_MS: '1',
    });
    shared = { ...t, gateway, close: () => gateway.close() };
  });
  afterAll(async () => {
    await shared.close();
    await redis.stop();
  });

  test('the lookup names the Redis tier; a STALE page has its background refresh traced under it', async () => {
    const miss = await post('redis-token', page(18), {}, shared.gateway.url);
    const missTree = await shared.traceOf(miss.requestId);
    expect(
      pathOf(missTree).lookups.map((l) => [attr(l, 'gateway.cache.status'), attr(l, 'gateway.cache.tier')]),
    ).toEqual([['MISS', 'redis']]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stale = await post('redis-token', page(18, OTHER_DOCUMENT), {}, shared.gateway.url);
    const staleTree = await shared.traceOf(stale.requestId);
    const [lookup] = pathOf(staleTree).lookups as [ReadableSpan];
    expect([attr(lookup, 'gateway.cache.status'), attr(lookup, 'gateway.cache.tier')]).toEqual([
      'STALE',
      'redis',
    ]);
    // The refresh runs after the answer: wait for its span.
    let refresh: ReadableSpan[] = [];
    for (let waited = 0; waited < 2000 && refresh.length === 0; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      refresh = (await shared.allSpans()).filter((s) => s.parentSpanContext?.spanId === spanIdOf(lookup));
    }
    expect(refresh.map((s) => [s.kind, attr(s, 'http.response.status_code')])).toEqual([
      [SpanKind.CLIENT, 200],
    ]);
  });
});
