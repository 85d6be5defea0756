import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { cacheOf, eventually, TEST_SECRET } from '../helpers/cache';
import {
  createHarness,
  type GqlResult,
  type Harness,
  type HarnessOptions,
  listCalls,
} from '../helpers/harness';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis';

/**
 * A dead or hung Redis must never fail or stall a request. Each test owns its redis-server so it can kill,
 * freeze and restart it. "Within the deadline": far below what a request stuck on Redis would take (forever:
 * nothing else would end it), and far above the 100 ms command timeout.
 */
const DEADLINE_MS = 1500;
const Q = `query($page: PageInput) { sharedRepositories(page: $page) { totalCount nodes { name } } }`;
const UNAVAILABLE = 'Redis unavailable: serving from memory and upstream until it is back';

let redis: SpawnedRedis | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await redis?.stop();
  h = undefined;
  redis = undefined;
});

function gateway(url: string, options: HarnessOptions = {}): Promise<Harness> {
  const env = {
    CACHE_ENABLED: 'true',
    CACHE_HMAC_SECRET: TEST_SECRET,
    REDIS_URL: url,
    REDIS_COMMAND_TIMEOUT_MS: '100',
    REDIS_RETRY_AFTER_MS: '300',
  };
  return createHarness(env, {}, options);
}

/** A request, and how long it took; it must succeed. */
async function timed(gw: Harness, size: number): Promise<{ r: GqlResult; ms: number }> {
  const started = performance.now();
  const r = await gw.gql(Q, { page: { size } });
  expect(r.body.errors).toBeUndefined();
  return { r, ms: performance.now() - started };
}

function warnings(gw: Harness): number {
  return gw.logs.entries().filter((e) => e.msg === UNAVAILABLE).length;
}

test('Redis stopped mid-test: requests are answered from memory and upstream, one warning, and it reconnects by itself', async () => {
  redis = await spawnRedis();
  const gw = await gateway(redis.url);
  h = gw;
  expect(cacheOf((await timed(gw, 3)).r).status).toBe('MISS');
  expect(gw.cache.stats().redis).toBe('up');

  await redis.stop();
  // Page 3 was cached before the outage (memory keeps a copy); 4 and 5 come from upstream once, then memory.
  const statuses: string[] = [];
  for (const size of [3, 4, 5, 4, 3]) {
    const { r, ms } = await timed(gw, size);
    expect(ms).toBeLessThan(DEADLINE_MS);
    statuses.push(cacheOf(r).status);
  }
  expect(statuses).toEqual(['HIT', 'MISS', 'MISS', 'HIT', 'HIT']);
  expect(listCalls(gw.sim)).toHaveLength(3);
  expect(warnings(gw)).toBe(1);
  expect(gw.cache.stats()).toMatchObject({ redis: 'down' });
  // Reconnect attempts fail (connection refused) and are counted.
  await eventually(() => gw.cache.stats().redisErrors > 0);

  redis = await spawnRedis(redis.port);
  await eventually(() => gw.cache.stats().redis === 'up', 10_000);
  // Back to sharing: a new page is written to Redis again, so a fresh replica finds it.
  await timed(gw, 6);
  const peer = await gateway(redis.url, { sim: gw.sim });
  try {
    const fromPeer = await peer.gql(Q, { page: { size: 6 } });
    expect(cacheOf(fromPeer).status).toBe('HIT');
  } finally {
    await peer.close();
  }
  expect(gw.logs.entries().some((e) => e.msg === 'Redis is back: shared cache resumed')).toBe(true);
});

test('a Redis that hangs mid-test (SIGSTOP) costs at most a command timeout, then is skipped until it answers', async () => {
  redis = await spawnRedis();
  const gw = await gateway(redis.url);
  h = gw;
  await timed(gw, 3);
  redis.freeze();
  for (const size of [4, 5, 6, 7]) {
    const { r, ms } = await timed(gw, size);
    expect(ms).toBeLessThan(DEADLINE_MS);
    expect(cacheOf(r).status).toBe('MISS');
  }
  expect(warnings(gw)).toBe(1);
  expect(listCalls(gw.sim)).toHaveLength(5);
  redis.thaw();
  // A page not asked before each time: a cached one can be answered without asking Redis anything.
  let size = 10;
  await eventually(async () => {
    await timed(gw, size++);
    return gw.cache.stats().redis === 'up';
  }, 10_000);
});

test('a Redis that accepts connections and never answers does not stall start-up or requests', async () => {
  const sockets = new Set<Socket>();
  const silent: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const address = silent.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    const gw = await gateway(`redis://127.0.0.1:${port}`, { redisReadyMs: 0 });
    h = gw;
    const first = await timed(gw, 3);
    expect(first.ms).toBeLessThan(DEADLINE_MS);
    expect(cacheOf(first.r).status).toBe('MISS');
    // Memory serves while Redis is useless.
    const second = await timed(gw, 3);
    expect(second.ms).toBeLessThan(DEADLINE_MS);
    expect(cacheOf(second.r).status).toBe('HIT');
    expect(listCalls(gw.sim)).toHaveLength(1);
    await eventually(() => warnings(gw) === 1);
    expect(gw.cache.stats().redis).toBe('down');
  } finally {
    await h?.close();
    h = undefined;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
