import { type Simulator, startSimulator } from '../../src/simulator';
import { storeFixture } from '../helpers/cache';
import { createHarness, type GqlResult, type Harness, listCalls } from '../helpers/harness';

/**
 * The closing numbers, measured against the simulator: upstream calls for 200 identical concurrent
 * requests (goal 1) and for 20 tokens × 10 distinct queries, each asked twice at once (goal 200).
 */
const Q = `query($page: PageInput, $center: SharedRepositoryCenter) {
  sharedRepositories(page: $page, center: $center) { totalCount nodes { name } }
}`;
const QUERIES = Array.from({ length: 10 }, (_, i) => ({
  page: { size: 5 + (i % 5) },
  center: i < 5 ? 'SELF' : 'THIRD_PARTY',
}));
const TOKENS = Array.from({ length: 20 }, (_, i) => `calls-token-${i}`);

describe.each([
  ['memory store, one gateway', 'memory', 1],
  ['redis store, one gateway', 'redis', 1],
  ['redis store, two replicas', 'redis', 2],
] as const)('%s', (_name, store, replicaCount) => {
  const fixture = storeFixture(store);
  let sim: Simulator;
  let replicas: Harness[];

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, latencyMs: 50 });
    // Hundreds of in-process requests on a shared 2-core machine: generous upstream and Redis timeouts, as this
    // counts calls and times nothing (a timed-out Redis command falls back to upstream and changes the count).
    const env = fixture.env({
      UPSTREAM_HEADERS_TIMEOUT_MS: '30000',
      UPSTREAM_BODY_TIMEOUT_MS: '30000',
      REDIS_COMMAND_TIMEOUT_MS: '5000',
      // A replica waits for the lock holder's value at most CACHE_LOCK_WAIT_MS, then fetches itself (by design).
      // Under jest --detectOpenHandles (async hooks on every promise) 400 requests take longer than the 5 s default.
      CACHE_LOCK_WAIT_MS: '60000',
      CACHE_LOCK_TTL_MS: '90000',
      // The request deadline bounds that wait too: the 10 s default cut waiters off (UPSTREAM_TIMEOUT) in a CI
      // run where the two-replica case took over 10 s beside other suites.
      REQUEST_DEADLINE_MS: '60000',
      // Hundreds of distinct in-flight calls on purpose: the bulkhead must not turn them away here.
      UPSTREAM_MAX_CONCURRENT: '64',
      UPSTREAM_QUEUE_SIZE: '1000',
    });
    replicas = await Promise.all(Array.from({ length: replicaCount }, () => createHarness(env, {}, { sim })));
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await sim.close();
  });

  const on = (i: number) => replicas[i % replicas.length] as Harness;
  const ok = (r: GqlResult) => expect(r.body.errors).toBeUndefined();

  test('200 identical concurrent requests make 1 upstream call', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => on(i).gql(Q, {}, { token: 'one' })),
    );
    results.forEach(ok);
    expect(listCalls(sim)).toHaveLength(1);
  });

  test('20 tokens × 10 distinct queries, each asked twice at once, make 200 upstream calls', async () => {
    const asks = TOKENS.flatMap((token) => QUERIES.flatMap((q) => [q, q].map((v) => ({ token, v }))));
    const results = await Promise.all(asks.map((a, i) => on(i).gql(Q, a.v, { token: a.token })));
    results.forEach(ok);
    expect(listCalls(sim)).toHaveLength(200);
  });
});
