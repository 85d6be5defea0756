import { randomUUID } from 'node:crypto';
import { type Simulator, startSimulator } from '../../src/simulator';
import { eventually, TEST_SECRET } from '../helpers/cache';
import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';
import { inspector, type SpawnedRedis, spawnRedis } from '../helpers/redis';

/**
 * With REDIS_URL the limits are counted in Redis: every replica sees every count at once. When Redis cannot
 * answer they fail open to each replica's own memory count: requests are served, a warning is logged, a metric
 * counts it, and the process stays healthy.
 */
const PAGE = 'query($n: Int) { sharedRepositories(page: { size: $n }) { totalCount } }';
const WARNING = 'Redis unavailable: rate limits fail open to per-replica memory counts until it is back';

let redis: SpawnedRedis;
let sim: Simulator;
const open: Harness[] = [];
beforeAll(async () => {
  redis = await spawnRedis();
  sim = await startSimulator({ port: 0 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sim.close();
  await redis.stop();
});

/** Replicas: the same Redis, key prefix and HMAC secret. */
async function replicas(count: number, env: Record<string, string>): Promise<Harness[]> {
  const shared = {
    CACHE_HMAC_SECRET: TEST_SECRET,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    // Counts, not timing, are what these tests check: a loaded machine must not turn a count into a fail-open.
    REDIS_COMMAND_TIMEOUT_MS: '1000',
    ...env,
  };
  const made: Harness[] = [];
  for (let i = 0; i < count; i++) made.push(await createHarness(shared, {}, { sim }));
  open.push(...made);
  return made;
}

test('two replicas on one Redis share one caller budget: a burst of N across both is served, the next refused on either', async () => {
  const [a, b] = (await replicas(2, { CALLER_RATE_LIMIT: '4/1m' })) as [Harness, Harness];
  const burst = await Promise.all([a, b, a, b].map((gw, i) => gw.gql(PAGE, { n: i + 1 })));
  expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const refusedA = await a.gql(PAGE, { n: 1 });
  const refusedB = await b.gql(PAGE, { n: 1 });
  expect([refusedA.status, refusedB.status]).toEqual([429, 429]);
  expect(refusedB.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

  // Redis holds only the HMAC of the token, never the token.
  const client = inspector(redis.url);
  try {
    const keys = await client.keys('test:*rl:caller:*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toContain(TOKEN);
  } finally {
    client.disconnect();
  }
});

test('two replicas share one upstream budget per SWR identity', async () => {
  sim.reset();
  const [a, b] = (await replicas(2, { UPSTREAM_RATE_LIMIT: '2/1m' })) as [Harness, Harness];
  expect((await a.gql(PAGE, { n: 11 })).body.errors).toBeUndefined();
  expect((await b.gql(PAGE, { n: 12 })).body.errors).toBeUndefined();
  const spent = await a.gql(PAGE, { n: 13 });
  expect(spent.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect(listCalls(sim)).toHaveLength(2);
});

test('Redis stopped: requests are served within the usual time, the process stays alive, one warning, a fail-open metric, and a per-replica memory limit; back, the counts are shared again', async () => {
  let own = await spawnRedis();
  const env = {
    CACHE_HMAC_SECRET: TEST_SECRET,
    REDIS_URL: own.url,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    REDIS_COMMAND_TIMEOUT_MS: '100',
    REDIS_RETRY_AFTER_MS: '300',
    CALLER_RATE_LIMIT: '5/1m',
  };
  const gw = await createHarness(env, {}, { sim });
  open.push(gw);
  try {
    expect((await gw.gql(PAGE, { n: 1 })).status).toBe(200);
    await own.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const r = await gw.gql(PAGE, { n: 1 }, { token: 'outage-caller' });
      expect(performance.now() - started).toBeLessThan(1500);
      statuses.push(r.status);
    }
    // The memory insurance still limits this replica: 5 served, the 6th refused.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Alive (readiness reports the shared cache's Redis on its own terms; the limits add nothing to it).
    expect((await gw.fetch('/health')).status).toBe(200);
    expect(gw.logs.entries().filter((e) => e.msg === WARNING)).toHaveLength(1);
    const metrics = await (await gw.fetch('/metrics')).text();
    const failOpen = /^gateway_rate_limit_fail_open_total\{kind="caller"\} (\d+)$/m.exec(metrics);
    expect(Number(failOpen?.[1])).toBeGreaterThanOrEqual(6);

    // Redis back (empty: it keeps nothing): a second replica's counts and this one's meet there again.
    own = await spawnRedis(own.port);
    const peer = await createHarness(env, {}, { sim });
    open.push(peer);
    // This replica asks Redis again once it has reconnected (its first count there logs it).
    const back = 'Redis is back: rate limits are shared by the replicas again';
    let probe = 0;
    await eventually(async () => {
      await gw.gql('{ __typename }', undefined, { token: `probe-${probe++}` });
      return gw.logs.entries().some((e) => e.msg === back);
    }, 10_000);
    const remaining: (string | null)[] = [];
    for (const replica of [peer, gw, peer])
      remaining.push(
        (await replica.gql(PAGE, { n: 1 }, { token: 'after-outage-other' })).headers.get('ratelimit'),
      );
    expect(remaining.map((v) => v?.replace(/;t=\d+$/, ''))).toEqual([
      '"caller";r=4',
      '"caller";r=3',
      '"caller";r=2',
    ]);
  } finally {
    await own.stop();
  }
});
