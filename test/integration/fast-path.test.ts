import { request } from 'undici';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { startGatewayOver } from '../helpers/gateway';
import { listCalls } from '../helpers/harness';

const Q =
  'query Page($size: Int) { sharedRepositories(page: { size: $size }) { totalCount nodes { name size } } }';
const TOKEN_A = 'fast-path-alpha';
const TOKEN_B = 'fast-path-beta';

let sim: Simulator;
let gateway: RunningGateway;
async function start(env: Record<string, string> = {}): Promise<void> {
  gateway = await startGatewayOver(sim, env);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
afterEach(() => gateway.close());
beforeEach(() => sim.reset());

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: { sharedRepositories: { totalCount: number } };
    extensions?: { cache?: { status: string } };
  };
}

async function post(token: string, headers: Record<string, string> = {}, size = 5): Promise<Answer> {
  const r = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token, ...headers },
    body: JSON.stringify({ query: Q, variables: { size } }),
  });
  return { status: r.status, headers: r.headers, body: (await r.json()) as Answer['body'] };
}

/** Requests the fast path answered from a kept result. */
const fastAnswers = () => gateway.fastPathAnswers?.().kept ?? 0;

test('a repeated query is answered by the fast path: same data, a HIT, no upstream call', async () => {
  await start();
  const first = await post(TOKEN_A);
  expect(first.body.extensions?.cache?.status).toBe('MISS');
  // Asked a second time, the result is kept (admission); from the third on the fast path answers.
  await post(TOKEN_A);
  expect(fastAnswers()).toBe(0);
  const second = await post(TOKEN_A);
  expect(second.status).toBe(200);
  expect(second.body.data).toEqual(first.body.data);
  expect(second.body.extensions?.cache?.status).toBe('HIT');
  expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(second.headers.get('x-request-id')).toBeTruthy();
  expect(listCalls(sim)).toHaveLength(1);
  expect(fastAnswers()).toBe(1);
});

test("one caller's kept result is never another caller's answer", async () => {
  await start();
  const a = await post(TOKEN_A);
  await post(TOKEN_A);
  await post(TOKEN_A);
  const b = await post(TOKEN_B);
  expect(b.body.extensions?.cache?.status).toBe('MISS');
  expect(b.body.data).not.toEqual(a.body.data);
  expect(fastAnswers()).toBe(1);
  expect(listCalls(sim)).toHaveLength(2);
});

test('a kept result is not reused once its page is past the TTL', async () => {
  await start({ CACHE_TTL_MS: '150', CACHE_STALE_WHILE_REVALIDATE_MS: '0' });
  await post(TOKEN_A);
  await post(TOKEN_A);
  await post(TOKEN_A);
  expect(fastAnswers()).toBe(1);
  await new Promise((r) => setTimeout(r, 250));
  const later = await post(TOKEN_A);
  expect(later.body.extensions?.cache?.status).toBe('MISS');
  expect(fastAnswers()).toBe(1);
  expect(listCalls(sim)).toHaveLength(2);
});

test('an upstream 401 for a credential ends its kept results at once', async () => {
  await start();
  await post(TOKEN_A);
  await post(TOKEN_A);
  await post(TOKEN_A);
  // A fresh answer is asked for (no-cache skips the fast path); SWR now rejects the token.
  sim.faults.enqueue({ kind: 'emptyUnauthorized' });
  const rejected = await post(TOKEN_A, { 'cache-control': 'no-cache' });
  expect(rejected.status).toBe(200);
  expect(JSON.stringify(rejected.body)).toContain('UNAUTHENTICATED');
  const after = await post(TOKEN_A);
  expect(after.body.extensions?.cache?.status).toBe('MISS');
  expect(fastAnswers()).toBe(1);
});

test('browser requests (Origin) get kept results too, with the CORS headers of their origin', async () => {
  await start({ CORS_ORIGINS: 'https://app.example.com' });
  await post(TOKEN_A);
  await post(TOKEN_A); // kept from here on
  await post(TOKEN_A, {}, 6);
  expect(fastAnswers()).toBe(0);
  const allowed = await post(TOKEN_A, { origin: 'https://app.example.com' });
  const other = await post(TOKEN_A, { origin: 'https://evil.example' });
  expect(fastAnswers()).toBe(2);
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  expect(allowed.headers.get('access-control-expose-headers')).toBe('x-request-id');
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});

test('a GET revalidation through the fast path gets its ETag and a 304', async () => {
  await start();
  const url = `${gateway.url}/graphql?query=${encodeURIComponent(Q)}&variables=${encodeURIComponent('{"size":5}')}`;
  const headers = { 'x-auth-token': TOKEN_A };
  await fetch(url, { headers }).then((r) => r.text());
  await fetch(url, { headers }).then((r) => r.text());
  const kept = await fetch(url, { headers });
  await kept.text();
  const etag = kept.headers.get('etag');
  expect(etag).toMatch(/^W\/"/);
  expect(fastAnswers()).toBe(1);
  // undici.request, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, which asks the
  // gateway for a fresh answer (and so, rightly, skips the fast path).
  const revalidated = await request(url, { headers: { ...headers, 'if-none-match': etag as string } });
  expect(revalidated.statusCode).toBe(304);
  expect(await revalidated.body.text()).toBe('');
  expect(fastAnswers()).toBe(2);
});

const keptResults = async () => {
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  return Number(/^gateway_fast_path_results (\d+)$/m.exec(metrics)?.[1]);
};

test('a stream of distinct queries only churns the probation window: a repeated query stays kept', async () => {
  // 20 results: 18 in the main store, 2 in the window.
  await start({ FAST_PATH_MAX_RESULTS: '20' });
  await post(TOKEN_A); // yoga vets the document: its key is seen, nothing kept
  await post(TOKEN_A); // seen before: kept in the main store
  for (let size = 6; size <= 35; size++) await post(TOKEN_A, {}, size);
  expect(fastAnswers()).toBe(0);
  // The main store holds the repeated query, the window the last two one-offs: 30 one-offs kept 2.
  expect(await keptResults()).toBe(3);
  const again = await post(TOKEN_A);
  expect(again.body.extensions?.cache?.status).toBe('HIT');
  expect(fastAnswers()).toBe(1);
});

test('a result executed on its first sighting is answered as kept when asked again soon', async () => {
  await start();
  await post(TOKEN_A, {}, 4); // yoga vets the document
  const calls = listCalls(sim).length;
  const first = await post(TOKEN_A, {}, 7); // first sighting of this key, executed directly: kept in the window
  expect(fastAnswers()).toBe(0);
  const second = await post(TOKEN_A, {}, 7);
  expect(fastAnswers()).toBe(1);
  expect(second.body.data).toEqual(first.body.data);
  expect(listCalls(sim).length - calls).toBe(1);
});

test('FAST_PATH_ENABLED=false answers every request through the full pipeline', async () => {
  await start({ FAST_PATH_ENABLED: 'false' });
  await post(TOKEN_A);
  await post(TOKEN_A);
  const second = await post(TOKEN_A);
  expect(second.body.extensions?.cache?.status).toBe('HIT');
  expect(fastAnswers()).toBe(0);
});
