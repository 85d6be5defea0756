import { createHarness, type Harness, listCalls } from '../helpers/harness';

/**
 * UPSTREAM_RATE_LIMIT: SWR calls per SWR identity per window. Cache hits never count; a spent budget is an upstream
 * failure for stale-if-error, and otherwise the field fails with RATE_LIMITED without calling SWR. The window is
 * long (1 m): the budget stays spent for the whole test.
 */
const BUDGET = 2;
const PAGE = 'query($n: Int) { sharedRepositories(page: { size: $n }) { totalCount nodes { name } } }';
const ENV = {
  UPSTREAM_RATE_LIMIT: `${BUDGET}/1m`,
  CACHE_TTL_MS: '1000',
  CACHE_STALE_WHILE_REVALIDATE_MS: '0',
  CACHE_STALE_IF_ERROR_MS: '60000',
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('the (N+1)-th distinct cold query in the window is RATE_LIMITED without an upstream call; a cached page is still served', async () => {
  const gw = await createHarness(ENV);
  h = gw;
  for (let n = 1; n <= BUDGET; n++) {
    const r = await gw.gql(PAGE, { n });
    expect(r.body.errors).toBeUndefined();
  }
  expect(listCalls(gw.sim)).toHaveLength(BUDGET);

  const spent = await gw.gql(PAGE, { n: BUDGET + 1 });
  expect(spent.status).toBe(200);
  expect(spent.body.data?.sharedRepositories ?? null).toBeNull();
  const extensions = spent.body.errors?.[0]?.extensions ?? {};
  expect(extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(50);
  expect(extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect(listCalls(gw.sim)).toHaveLength(BUDGET);

  // Cache hits never count, and are served with the budget spent.
  const cached = await gw.gql(PAGE, { n: 1 });
  expect(cached.body.errors).toBeUndefined();
  expect(cached.body.extensions?.cache).toMatchObject({ status: 'HIT' });
  expect(listCalls(gw.sim)).toHaveLength(BUDGET);

  const metrics = await (await gw.fetch('/metrics')).text();
  expect(metrics).toMatch(/^gateway_rate_limited_total\{kind="upstream"\} 1$/m);
  // Not SWR failing: the breaker saw nothing.
  expect(gw.upstream.resilience.breaker.state()).toBe('closed');
});

test('with the budget spent, a stale page within the stale-if-error window is served', async () => {
  let now = Date.now();
  const gw = await createHarness(ENV, {}, { now: () => now });
  h = gw;
  const fresh = await gw.gql(PAGE, { n: 1 });
  expect(fresh.body.extensions?.cache).toMatchObject({ status: 'MISS' });
  expect((await gw.gql(PAGE, { n: 2 })).body.errors).toBeUndefined();
  now += 2000; // past the TTL, inside the stale-if-error window

  const stale = await gw.gql(PAGE, { n: 1 });
  expect(stale.body.errors).toBeUndefined();
  expect(stale.body.data).toEqual(fresh.body.data);
  expect(stale.body.extensions?.cache).toMatchObject({ status: 'STALE' });
  expect(listCalls(gw.sim)).toHaveLength(BUDGET);
});

test('the budget is per SWR identity: in passthrough another token has its own', async () => {
  const gw = await createHarness(ENV);
  h = gw;
  for (let n = 1; n <= BUDGET + 1; n++) await gw.gql(PAGE, { n });
  const other = await gw.gql(PAGE, { n: BUDGET + 1 }, { token: 'tenant-beta-token' });
  expect(other.body.errors).toBeUndefined();
  expect(listCalls(gw.sim)).toHaveLength(BUDGET + 1);
});

test('with the cache off every SWR call counts, and the spent budget refuses the next one', async () => {
  const gw = await createHarness({ ...ENV, CACHE_ENABLED: 'false' });
  h = gw;
  for (let i = 0; i < BUDGET; i++) expect((await gw.gql(PAGE, { n: 1 })).body.errors).toBeUndefined();
  const spent = await gw.gql(PAGE, { n: 1 });
  expect(spent.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  expect(listCalls(gw.sim)).toHaveLength(BUDGET);
});
