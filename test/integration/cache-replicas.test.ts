import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type Redis from 'ioredis';
import { type Simulator, startSimulator } from '../../src/simulator';
import { cacheOf, eventually, storeFixture } from '../helpers/cache';
import { createHarness, type GqlResult, type Harness, listCalls } from '../helpers/harness';
import { inspector } from '../helpers/redis';

/** Two gateway replicas (two apps, two caches, two pools) sharing one simulator and one Redis. */
const Q = `query($page: PageInput, $center: SharedRepositoryCenter, $sort: SharedRepositorySort) {
  sharedRepositories(page: $page, center: $center, sort: $sort) { totalCount nodes { id name namespace tags } }
}`;

const fixture = storeFixture('redis');
let sim: Simulator;
let replicas: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  replicas = [];
});

/** `count` replicas with one shared env (same Redis, key prefix and secret). */
async function startReplicas(count: number, extra: Record<string, string> = {}): Promise<Harness[]> {
  const env = fixture.env(extra);
  replicas = await Promise.all(Array.from({ length: count }, () => createHarness(env, {}, { sim })));
  return replicas;
}

function nodes(r: GqlResult): unknown {
  expect(r.body.errors).toBeUndefined();
  return r.body.data?.sharedRepositories;
}

test('replica B answers from what replica A stored for token A; token C misses on B', async () => {
  const [a, b] = (await startReplicas(2)) as [Harness, Harness];
  const fromA = await a.gql(Q, {}, { token: 'token-a' });
  expect(cacheOf(fromA).status).toBe('MISS');
  const fromB = await b.gql(Q, {}, { token: 'token-a' });
  expect(cacheOf(fromB).status).toBe('HIT');
  expect(nodes(fromB)).toEqual(nodes(fromA));
  expect(listCalls(sim)).toHaveLength(1);
  expect(cacheOf(await b.gql(Q, {}, { token: 'token-c' })).status).toBe('MISS');
  expect(listCalls(sim)).toHaveLength(2);
});

test('20 concurrent misses spread over two replicas make 1 upstream call', async () => {
  const [a, b] = (await startReplicas(2)) as [Harness, Harness];
  sim.setOptions({ latencyMs: 150 });
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).gql(Q, {}, { token: 'token-a' })),
  );
  expect(listCalls(sim)).toHaveLength(1);
  const first = nodes(results[0] as GqlResult);
  for (const r of results) {
    expect(nodes(r)).toEqual(first);
    expect(cacheOf(r).status).toBe('MISS');
  }
  // One replica fetched; the other waited for its value through Redis.
  expect(a.cache.stats().peerWaits + b.cache.stats().peerWaits).toBe(1);
});

test('a replica waits for the lock holder only CACHE_LOCK_WAIT_MS, then fetches itself', async () => {
  const [a, b] = (await startReplicas(2, {
    CACHE_LOCK_WAIT_MS: '200',
    UPSTREAM_HEADERS_TIMEOUT_MS: '1500',
  })) as [Harness, Harness];
  sim.faults.enqueue({ kind: 'hang' });
  const stuck = a.gql(Q, {}, { token: 'token-a' });
  await eventually(() => listCalls(sim).length === 1);
  const fromB = await b.gql(Q, {}, { token: 'token-a' });
  expect(cacheOf(fromB).status).toBe('MISS');
  expect(listCalls(sim)).toHaveLength(2);
  // A was still waiting on the hung upstream when B answered.
  expect(listCalls(sim)[0]?.closedAt).toBeUndefined();
  expect((await stuck).body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
});

test('a failed fetch on one replica releases the lock, so the next replica fetches without waiting it out', async () => {
  const [a, b] = (await startReplicas(2, { CACHE_LOCK_WAIT_MS: '60000' })) as [Harness, Harness];
  sim.faults.enqueue({ kind: 'serverError' });
  expect((await a.gql(Q, {}, { token: 'token-a' })).body.errors?.[0]?.extensions?.code).toBe(
    'UPSTREAM_UNAVAILABLE',
  );
  // Had the lock stayed, B would wait for a value that never comes (the test timeout is far below 60 s).
  expect(cacheOf(await b.gql(Q, {}, { token: 'token-a' })).status).toBe('MISS');
  expect(listCalls(sim)).toHaveLength(2);
});

describe('what the gateway writes to Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = inspector(fixture.url);
  });
  afterAll(() => redis.quit());

  test('every key has a TTL and no key or value contains the token', async () => {
    const canary = `canary-${randomUUID()}`;
    const env = fixture.env({ UPSTREAM_HEADERS_TIMEOUT_MS: '1000' });
    const prefix = env.REDIS_KEY_PREFIX as string;
    replicas = await Promise.all([1, 2].map(() => createHarness(env, {}, { sim })));
    const [a, b] = replicas as [Harness, Harness];
    await a.gql(Q, {}, { token: canary });
    await b.gql(Q, { center: 'THIRD_PARTY' }, { token: canary });
    await b.gql(Q, { page: { size: 3 } }, { token: canary, headers: { 'cache-control': 'no-cache' } });
    // A fetch in flight holds a lock: it must expire too.
    sim.faults.enqueue({ kind: 'hang' });
    const pending = a.gql(Q, { page: { size: 4 } }, { token: canary });
    await eventually(() => listCalls(sim).length === 4);

    const keys = await redis.keys(`${prefix}*`);
    const kinds = new Set(keys.map((k) => k.slice(prefix.length, prefix.length + 1)));
    expect([...kinds].sort()).toEqual(['e', 'l', 'o']);
    for (const key of keys) {
      expect(key).not.toContain(canary);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      const type = await redis.type(key);
      const value = type === 'set' ? (await redis.smembers(key)).join('\n') : await redis.get(key);
      expect(value).not.toContain(canary);
    }
    expect(a.logs.text + b.logs.text).not.toContain(canary);
    await pending;
  });

  test('values over the size cap are not stored in Redis', async () => {
    const env = fixture.env({ CACHE_MAX_ENTRY_BYTES: '2048' });
    replicas = [await createHarness(env, {}, { sim })];
    await (replicas[0] as Harness).gql(Q, { page: { size: 50 } }, { token: 'token-a' });
    expect(await redis.keys(`${env.REDIS_KEY_PREFIX}e:*`)).toEqual([]);
    await (replicas[0] as Harness).gql(Q, { page: { size: 1 } }, { token: 'token-a' });
    expect(await redis.keys(`${env.REDIS_KEY_PREFIX}e:*`)).toHaveLength(1);
  });
});

test('property: any interleaving of tokens and arguments over two replicas answers what the simulator returns', async () => {
  const [a, b] = (await startReplicas(2, { CACHE_TTL_MS: '50', CACHE_STALE_WHILE_REVALIDATE_MS: '100' })) as [
    Harness,
    Harness,
  ];
  const reference = await createHarness({}, {}, { sim });
  replicas.push(reference);
  const tokens = ['prop-token-1', 'prop-token-2', 'prop-token-3'];
  const argSets: Record<string, unknown>[] = [
    {},
    { page: { size: 5 } },
    { page: { size: 5, number: 2 } },
    { center: 'THIRD_PARTY', sort: { field: 'NAME', direction: 'ASC' } },
  ];
  const expected = new Map<string, unknown>();
  for (const [t, token] of tokens.entries()) {
    for (const [q, args] of argSets.entries())
      expected.set(`${t}/${q}`, nodes(await reference.gql(Q, args, { token })));
  }
  const request = fc.record({
    replica: fc.constantFrom(a, b),
    token: fc.nat({ max: tokens.length - 1 }),
    args: fc.nat({ max: argSets.length - 1 }),
    fresh: fc.boolean(),
    pauseMs: fc.constantFrom(0, 0, 0, 30, 80),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (requests) => {
      const answers = await Promise.all(
        requests.map(async (r, i) => {
          // Staggered starts interleave misses, hits, stale serves and refreshes (TTL 50 ms, real clock).
          await new Promise((resolve) => setTimeout(resolve, r.pauseMs * (i % 3)));
          const headers: Record<string, string> = r.fresh ? { 'cache-control': 'no-cache' } : {};
          return r.replica.gql(Q, argSets[r.args], { token: tokens[r.token] as string, headers });
        }),
      );
      for (const [i, r] of requests.entries()) {
        expect(nodes(answers[i] as GqlResult)).toEqual(expected.get(`${r.token}/${r.args}`));
      }
    }),
    { numRuns: 25 },
  );
});
