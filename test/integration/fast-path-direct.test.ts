import { request } from 'undici';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { startGatewayOver } from '../helpers/gateway';
import { listCalls, withoutCacheAges } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

/**
 * Direct execution: once yoga has accepted a document, the fast path runs it again without the yoga pipeline.
 * Every answer it gives must be the answer yoga gives; everything it cannot answer exactly goes to yoga.
 */

const Q = `query Page($size: Int, $number: Int) {
  sharedRepositories(page: { size: $size, number: $number }) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage }
    nodes { id name namespace size numDownload createdAt updatedAt images { tag } }
  }
}`;
const TOKEN_A = 'direct-alpha';
const TOKEN_B = 'direct-beta';

let sim: Simulator;
const running: RunningGateway[] = [];

async function start(env: Record<string, string> = {}) {
  const logs = new LogCapture();
  const gateway = await startGatewayOver(sim, env, logs);
  running.push(gateway);
  return {
    gateway,
    logs,
    /** How many answers the fast path executed itself. */
    direct: () => gateway.fastPathAnswers?.().direct ?? 0,
    post: (token: string, body: unknown, headers: Record<string, string> = {}) =>
      post(gateway.url, token, body, headers),
  };
}

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: { sharedRepositories: { totalCount: number; nodes: { name: string }[] } } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { cache?: { status: string } };
  };
}

async function post(
  url: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, headers: r.headers, body: (await r.json()) as Answer['body'] };
}

const withoutAges = (body: Answer['body']) => JSON.parse(withoutCacheAges(JSON.stringify(body)));

const page = (size: number, number = 1) => ({ query: Q, variables: { size, number } });

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.close()));
});
beforeEach(() => sim.reset());

test('a vetted document runs directly: the same answer as the full pipeline, one upstream call each', async () => {
  const fast = await start();
  const full = await start({ FAST_PATH_ENABLED: 'false' });
  // The first request of a document goes through yoga, which vets it; the next ones run directly.
  await fast.post(TOKEN_A, page(3));
  expect(fast.direct()).toBe(0);
  for (const [size, number] of [
    [5, 1],
    [5, 2],
    [7, 3],
  ] as const) {
    const direct = await fast.post(TOKEN_A, page(size, number), { 'x-request-id': `req-${size}-${number}` });
    const yoga = await full.post(TOKEN_A, page(size, number));
    expect(direct.status).toBe(200);
    expect(withoutAges(direct.body)).toEqual(withoutAges(yoga.body));
    expect(direct.body.extensions?.cache?.status).toBe('MISS');
    expect(direct.headers.get('content-type')).toBe(yoga.headers.get('content-type'));
    // The same headers as yoga's answer (their values aside: dates, ids and lengths differ).
    expect([...direct.headers.keys()].sort()).toEqual([...yoga.headers.keys()].sort());
    expect(direct.headers.get('x-request-id')).toBe(`req-${size}-${number}`);
  }
  const accept = { accept: 'application/graphql-response+json' };
  const [directGraphqlJson, yogaGraphqlJson] = [
    await fast.post(TOKEN_A, page(4, 5), accept),
    await full.post(TOKEN_A, page(4, 5), accept),
  ];
  expect(directGraphqlJson.headers.get('content-type')).toBe(yogaGraphqlJson.headers.get('content-type'));
  expect(withoutAges(directGraphqlJson.body)).toEqual(withoutAges(yogaGraphqlJson.body));
  expect(fast.direct()).toBe(4);
  expect(fast.logs.entries().find((e) => e.requestId === 'req-5-1' && e.msg === 'request')).toMatchObject({
    requestId: 'req-5-1',
    operation: 'Page',
    operationType: 'query',
    upstreamCalls: 1,
    cache: 'MISS',
    status: 200,
  });
  // 5 pages for the fast gateway, 4 for the full one: no page was fetched twice.
  expect(listCalls(sim)).toHaveLength(9);
});

test("direct execution keeps callers apart: another token's query is its own", async () => {
  const fast = await start();
  await fast.post(TOKEN_A, page(4));
  const a = await fast.post(TOKEN_A, page(5));
  const b = await fast.post(TOKEN_B, page(5));
  expect(fast.direct()).toBe(2);
  expect(b.body.extensions?.cache?.status).toBe('MISS');
  expect(b.body.data?.sharedRepositories.nodes.map((n) => n.name)).not.toEqual(
    a.body.data?.sharedRepositories.nodes.map((n) => n.name),
  );
  expect(listCalls(sim).map((c) => c.headers['x-auth-token'])).toEqual([TOKEN_A, TOKEN_A, TOKEN_B]);
});

test('variables that do not coerce and a cost over the limit are refused by yoga, before any upstream call', async () => {
  const fast = await start({ MAX_PAGE_SIZE: '40', MAX_COST: '50' });
  const TWO = `query Two($size: Int) {
    a: sharedRepositories(page: { size: $size }) { totalCount }
    b: sharedRepositories(page: { size: $size, number: 2 }) { totalCount }
  }`;
  await fast.post(TOKEN_A, page(2));
  await fast.post(TOKEN_A, { query: TWO, variables: { size: 20 } });
  const calls = listCalls(sim).length;
  const wrongType = await fast.post(TOKEN_A, { query: Q, variables: { size: 'many' } });
  expect(wrongType.body.errors?.[0]?.message).toMatch(/Variable "\$size"/);
  const tooCostly = await fast.post(TOKEN_A, { query: TWO, variables: { size: 30 } });
  expect(tooCostly.body.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  const invalidSize = await fast.post(TOKEN_A, page(0));
  expect(invalidSize.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(listCalls(sim)).toHaveLength(calls);
  expect(fast.direct()).toBe(0);
});

test('an upstream failure during direct execution is answered by yoga exactly, without a second call', async () => {
  const fast = await start();
  const full = await start({ FAST_PATH_ENABLED: 'false' });
  await fast.post(TOKEN_A, page(2));
  const answers: Answer[] = [];
  const lines: Record<string, unknown>[] = [];
  for (const gateway of [fast, full]) {
    sim.reset();
    sim.faults.enqueue({ kind: 'wrongShape' });
    const answer = await gateway.post(TOKEN_A, page(6), { 'x-request-id': 'shape-fault' });
    answers.push(answer);
    expect(listCalls(sim)).toHaveLength(1);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_INVALID_RESPONSE');
    expect(answer.headers.get('x-request-id')).toBe('shape-fault');
    const line = gateway.logs.entries().find((e) => e.requestId === 'shape-fault' && e.msg === 'request');
    expect(line).toMatchObject({ status: 200, errors: ['UPSTREAM_INVALID_RESPONSE'] });
    lines.push(line as Record<string, unknown>);
  }
  expect(lines[0]?.upstreamCalls).toBe(lines[1]?.upstreamCalls);
  expect(answers[0]?.status).toBe(answers[1]?.status);
  // The same answer but for SWR's own request id, which differs per call.
  const sameIds = (a?: Answer) =>
    JSON.stringify(a?.body).replace(/"upstreamRequestId":"\w+"/, '"upstreamRequestId":""');
  expect(sameIds(answers[0])).toBe(sameIds(answers[1]));
  expect(fast.direct()).toBe(0);
});

test('a body yoga would refuse (an unknown key, odd variables) is left to yoga', async () => {
  const fast = await start();
  await fast.post(TOKEN_A, page(2));
  const extra = await fast.post(TOKEN_A, { ...page(3), foo: 1 });
  expect(extra.status).toBe(400);
  expect(extra.body.errors?.[0]?.message).toMatch(/foo/);
  const arrayVariables = await fast.post(TOKEN_A, { query: Q, variables: [1] });
  expect(arrayVariables.status).toBe(400);
  expect(fast.direct()).toBe(0);
  expect(listCalls(sim)).toHaveLength(1);
});

test('direct executions are counted in the operation metrics like any other', async () => {
  const fast = await start();
  await fast.post(TOKEN_A, page(2));
  await fast.post(TOKEN_A, page(3));
  await fast.post(TOKEN_A, page(4));
  expect(fast.direct()).toBe(2);
  const metrics = await (await fetch(`${fast.gateway.url}/metrics`)).text();
  expect(metrics).toMatch(
    /^gateway_graphql_operation_duration_seconds_count\{operation_type="query",operation_name="Page"\} 3$/m,
  );
  expect(metrics).toMatch(/^gateway_http_request_duration_seconds_count\{[^}]*status="200"[^}]*\} 3$/m);
});

test('a caller that leaves during direct execution costs nothing more; the gateway keeps serving', async () => {
  const fast = await start();
  await fast.post(TOKEN_A, page(2));
  sim.faults.enqueue({ kind: 'latency', ms: 300 });
  const controller = new AbortController();
  const left = request(`${fast.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN_A },
    body: JSON.stringify(page(9)),
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 50);
  await expect(left).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 400));
  // Nothing is handed to yoga for a caller that left: one line, 499, no error answer built for nobody.
  const lines = fast.logs.entries().filter((e) => e.status === 499);
  expect(lines).toEqual([expect.objectContaining({ requestId: expect.any(String), operation: 'Page' })]);
  expect(fast.direct()).toBe(0);
  expect(fast.logs.entries().filter((e) => e.errors !== undefined)).toEqual([]);
  const after = await fast.post(TOKEN_A, page(10));
  expect(after.status).toBe(200);
  expect(after.body.data?.sharedRepositories.nodes).toHaveLength(10);
});
