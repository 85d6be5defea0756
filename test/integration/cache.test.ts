import { cacheOf, eventually, STORES, storeFixture } from '../helpers/cache';
import { createClock, type TestClock } from '../helpers/clock';
import { createHarness, type GqlResult, type Harness, listCalls } from '../helpers/harness';

const Q = `query($page: PageInput, $center: SharedRepositoryCenter) {
  sharedRepositories(page: $page, center: $center) { totalCount nodes { id namespace name } }
}`;
const TOKEN_A = 'cache-token-alpha';
const TOKEN_B = 'cache-token-bravo';
const NO_CACHE = { 'cache-control': 'no-cache' };

interface Listing {
  totalCount: number;
  nodes: { id: string; namespace: string; name: string }[];
}

function listing(r: GqlResult): Listing {
  expect(r.body.errors).toBeUndefined();
  return r.body.data?.sharedRepositories as Listing;
}

function errorCode(r: GqlResult): unknown {
  return r.body.errors?.[0]?.extensions?.code;
}

describe.each(STORES)('%s store', (store) => {
  const fixture = storeFixture(store);
  let h: Harness;
  let clock: TestClock;
  const opened: Harness[] = [];

  /** A gateway with its own cache (fresh keys) and clock; TTL 1 s, stale-while-revalidate 5 s, stale-if-error 60 s. */
  async function gateway(extra: Record<string, string> = {}): Promise<Harness> {
    clock = createClock();
    const env = fixture.env({
      CACHE_TTL_MS: '1000',
      CACHE_STALE_WHILE_REVALIDATE_MS: '5000',
      CACHE_STALE_IF_ERROR_MS: '60000',
      UPSTREAM_HEADERS_TIMEOUT_MS: '400',
      UPSTREAM_BODY_TIMEOUT_MS: '400',
      // One attempt: these tests are about what the cache does when SWR's answer is a failure, not retries.
      UPSTREAM_RETRY_MAX_ATTEMPTS: '1',
      ...extra,
    });
    h = await createHarness(env, {}, { now: clock.now });
    opened.push(h);
    return h;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((g) => g.close()));
  });

  test('two tokens with the same arguments make two upstream calls and each sees only its own data', async () => {
    await gateway();
    const a = listing(await h.gql(Q, {}, { token: TOKEN_A }));
    const b = listing(await h.gql(Q, {}, { token: TOKEN_B }));
    expect(listCalls(h.sim)).toHaveLength(2);
    const own = (token: string) =>
      new Set(h.sim.dataset(token, 'self').map((r) => `${r.namespace}/${r.name}`));
    for (const [result, token, other] of [
      [a, TOKEN_A, TOKEN_B],
      [b, TOKEN_B, TOKEN_A],
    ] as const) {
      expect(result.nodes.length).toBeGreaterThan(0);
      for (const n of result.nodes) {
        expect(own(token).has(`${n.namespace}/${n.name}`)).toBe(true);
        expect(own(other).has(`${n.namespace}/${n.name}`)).toBe(false);
      }
    }
    // Asked again, each token gets its own cached page back.
    expect(listing(await h.gql(Q, {}, { token: TOKEN_A }))).toEqual(a);
    expect(listing(await h.gql(Q, {}, { token: TOKEN_B }))).toEqual(b);
    expect(listCalls(h.sim)).toHaveLength(2);
  });

  test('the same token within the TTL makes one call; after the TTL windows it makes a second', async () => {
    await gateway();
    const first = await h.gql(Q, {}, { token: TOKEN_A });
    expect(cacheOf(first)).toMatchObject({ status: 'MISS', ageMs: 0 });
    clock.advance(600);
    const second = await h.gql(Q, {}, { token: TOKEN_A });
    expect(cacheOf(second)).toMatchObject({ status: 'HIT', ageMs: 600 });
    expect(listing(second)).toEqual(listing(first));
    expect(listCalls(h.sim)).toHaveLength(1);
    clock.advance(1000 + 60_000);
    expect(cacheOf(await h.gql(Q, {}, { token: TOKEN_A })).status).toBe('MISS');
    expect(listCalls(h.sim)).toHaveLength(2);
  });

  test('in the stale-while-revalidate window a stale page is served at once and refreshed once in the background', async () => {
    await gateway();
    const first = listing(await h.gql(Q, {}, { token: TOKEN_A }));
    clock.advance(2000);
    // The refresh hangs: answers that waited for it could not arrive.
    h.sim.faults.enqueue({ kind: 'hang' });
    const stale = await Promise.all([1, 2, 3].map(() => h.gql(Q, {}, { token: TOKEN_A })));
    for (const r of stale) {
      expect(cacheOf(r)).toMatchObject({ status: 'STALE', ageMs: 2000 });
      expect(listing(r)).toEqual(first);
    }
    // One refresh for three stale answers (it reaches the simulator after they were answered).
    await eventually(() => listCalls(h.sim).length === 2);
    // The hung refresh times out and the stale page stays; the next one succeeds and makes the page fresh.
    await eventually(
      () => h.cache.stats().backgroundRefreshes === 1 && listCalls(h.sim)[1]?.closedAt !== undefined,
    );
    await eventually(async () => cacheOf(await h.gql(Q, {}, { token: TOKEN_A })).status === 'HIT');
    expect(listCalls(h.sim)).toHaveLength(3);
    expect(h.cache.stats().backgroundRefreshes).toBe(2);
  });

  describe('stale-if-error (past the revalidate window)', () => {
    beforeEach(async () => {
      await gateway({ CACHE_STALE_WHILE_REVALIDATE_MS: '0' });
      listing(await h.gql(Q, {}, { token: TOKEN_A }));
      clock.advance(5000);
    });

    test.each([
      ['a 500', { kind: 'serverError' }],
      ['a 503 with Retry-After', { kind: 'retryAfter', status: 503, seconds: 1 }],
      ['a 429 throttle', { kind: 'retryAfter', status: 429, seconds: 1 }],
      ['a timeout', { kind: 'hang' }],
      ['a connection reset', { kind: 'reset' }],
    ] as const)('%s is answered with the stale page', async (_name, fault) => {
      h.sim.faults.enqueue(fault);
      const r = await h.gql(Q, {}, { token: TOKEN_A });
      expect(cacheOf(r)).toMatchObject({ status: 'STALE', ageMs: 5000 });
      expect(listing(r).nodes.length).toBeGreaterThan(0);
      expect(listCalls(h.sim)).toHaveLength(2);
    });

    test('a 400 is an error, and the entry stays for later failures', async () => {
      h.sim.faults.enqueue({ kind: 'respond', status: 400, body: [{ errorCode: 'SVCSTG.SWR.4001025' }] });
      expect(errorCode(await h.gql(Q, {}, { token: TOKEN_A }))).toBe('UPSTREAM_BAD_REQUEST');
      h.sim.faults.enqueue({ kind: 'serverError' });
      expect(cacheOf(await h.gql(Q, {}, { token: TOKEN_A })).status).toBe('STALE');
    });

    test('a 401 is an error, never a stale answer, and drops every entry of that token only', async () => {
      const other = { page: { size: 5 } };
      listing(await h.gql(Q, other, { token: TOKEN_A }));
      listing(await h.gql(Q, {}, { token: TOKEN_B }));
      h.sim.faults.enqueue({ kind: 'emptyUnauthorized' });
      expect(errorCode(await h.gql(Q, {}, { token: TOKEN_A }))).toBe('UNAUTHENTICATED');
      // The page just cached for A is gone too: a miss, not a hit.
      expect(cacheOf(await h.gql(Q, other, { token: TOKEN_A })).status).toBe('MISS');
      // Nothing stale is left to stand in for a later failure.
      h.sim.faults.enqueue({ kind: 'serverError' });
      expect(errorCode(await h.gql(Q, {}, { token: TOKEN_A }))).toBe('UPSTREAM_UNAVAILABLE');
      // B's entries are untouched.
      expect(cacheOf(await h.gql(Q, {}, { token: TOKEN_B })).status).toBe('HIT');
    });

    test('past the stale-if-error window the failure is the answer', async () => {
      clock.advance(60_000);
      h.sim.faults.enqueue({ kind: 'serverError' });
      expect(errorCode(await h.gql(Q, {}, { token: TOKEN_A }))).toBe('UPSTREAM_UNAVAILABLE');
    });
  });

  test('50 concurrent requests of token A and 50 of token B make exactly 2 upstream calls', async () => {
    await gateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '5000' });
    // Slow enough for all 100 requests to arrive over real HTTP while the first two calls wait, even when loaded.
    h.sim.setOptions({ latencyMs: 1000 });
    const tokens = [...Array(50).fill(TOKEN_A), ...Array(50).fill(TOKEN_B)] as string[];
    const results = await Promise.all(tokens.map((token) => h.gql(Q, {}, { token })));
    expect(listCalls(h.sim)).toHaveLength(2);
    const firstA = listing(results[0] as GqlResult);
    const firstB = listing(results[50] as GqlResult);
    expect(firstA).not.toEqual(firstB);
    for (const [i, r] of results.entries()) expect(listing(r)).toEqual(i < 50 ? firstA : firstB);
    expect(results.filter((r) => cacheOf(r).status === 'MISS')).toHaveLength(100);
    expect(h.cache.stats().coalescedWaits).toBe(98);
  });

  test('a failing leader fails all its waiters and stores nothing', async () => {
    await gateway();
    h.sim.setOptions({ latencyMs: 150 });
    h.sim.faults.enqueue({ kind: 'serverError' });
    const results = await Promise.all(Array.from({ length: 20 }, () => h.gql(Q, {}, { token: TOKEN_A })));
    expect(results.map(errorCode)).toEqual(Array(20).fill('UPSTREAM_UNAVAILABLE'));
    expect(listCalls(h.sim)).toHaveLength(1);
    expect(cacheOf(await h.gql(Q, {}, { token: TOKEN_A })).status).toBe('MISS');
    expect(listCalls(h.sim)).toHaveLength(2);
  });

  test('Cache-Control: no-cache gets a fresh answer, coalesced, and stores it', async () => {
    await gateway();
    await h.gql(Q, {}, { token: TOKEN_A });
    clock.advance(500);
    h.sim.setOptions({ latencyMs: 150 });
    const fresh = await Promise.all(
      Array.from({ length: 10 }, () => h.gql(Q, {}, { token: TOKEN_A, headers: NO_CACHE })),
    );
    for (const r of fresh) expect(cacheOf(r)).toMatchObject({ status: 'BYPASS', ageMs: 0 });
    expect(listCalls(h.sim)).toHaveLength(2);
    clock.advance(100);
    // The fresh answer replaced the older entry.
    expect(cacheOf(await h.gql(Q, {}, { token: TOKEN_A }))).toMatchObject({ status: 'HIT', ageMs: 100 });
    expect(listCalls(h.sim)).toHaveLength(2);
  });

  test('one client leaving does not abort the shared upstream call; all leaving aborts it and stores nothing', async () => {
    await gateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '5000' });
    h.sim.setOptions({ latencyMs: 300 });
    const leaving = new AbortController();
    const gone = h.gql(Q, {}, { token: TOKEN_A, signal: leaving.signal }).catch(() => 'aborted');
    const staying = h.gql(Q, {}, { token: TOKEN_A });
    await eventually(() => listCalls(h.sim).length === 1);
    leaving.abort();
    await gone;
    expect(listing(await staying).nodes.length).toBeGreaterThan(0);
    expect(listCalls(h.sim)).toHaveLength(1);
    expect(listCalls(h.sim)[0]?.closedAt).toBeUndefined();

    const other = { page: { size: 7 } };
    const controllers = [new AbortController(), new AbortController()];
    const both = controllers.map((c) =>
      h.gql(Q, other, { token: TOKEN_A, signal: c.signal }).catch(() => 'aborted'),
    );
    await eventually(() => listCalls(h.sim).length === 2);
    for (const c of controllers) c.abort();
    await Promise.all(both);
    await eventually(() => listCalls(h.sim)[1]?.closedAt !== undefined);
    h.sim.setOptions({ latencyMs: 0 });
    expect(cacheOf(await h.gql(Q, other, { token: TOKEN_A })).status).toBe('MISS');
    expect(listCalls(h.sim)).toHaveLength(3);
  });

  test('extensions.cache reports each upstream page and the most significant status', async () => {
    await gateway();
    const two = `{ a: sharedRepositories(page: { size: 5 }) { totalCount }
                   b: sharedRepositories(page: { size: 6 }) { totalCount }
                   c: sharedRepositories(page: { size: 5 }) { totalCount } }`;
    await h.gql(Q, { page: { size: 5 } }, { token: TOKEN_A });
    clock.advance(300);
    const r = await h.gql(two, {}, { token: TOKEN_A });
    // Aliases of one page are one lookup (the per-request loader); the other page missed.
    expect(cacheOf(r)).toEqual({
      status: 'MISS',
      ageMs: 300,
      pages: [
        { status: 'HIT', ageMs: 300 },
        { status: 'MISS', ageMs: 0 },
      ],
    });
    expect(listCalls(h.sim)).toHaveLength(2);
  });

  test('a page over the entry size cap is served but not stored', async () => {
    await gateway({ CACHE_MAX_ENTRY_BYTES: '2048' });
    const big = { page: { size: 50 } };
    expect(cacheOf(await h.gql(Q, big, { token: TOKEN_A })).status).toBe('MISS');
    expect(cacheOf(await h.gql(Q, big, { token: TOKEN_A })).status).toBe('MISS');
    expect(h.cache.stats().oversized).toBe(2);
    const small = { page: { size: 1 } };
    await h.gql(Q, small, { token: TOKEN_A });
    expect(cacheOf(await h.gql(Q, small, { token: TOKEN_A })).status).toBe('HIT');
  });

  test('without a credential nothing is cached or looked up', async () => {
    await gateway();
    const r = await h.gql(Q, {}, { token: null });
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
    expect(r.body.extensions?.cache).toBeUndefined();
    expect(h.cache.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
    expect(listCalls(h.sim)).toHaveLength(0);
  });

  test('stats() counts hits, misses, stale serves and memory size', async () => {
    await gateway({ CACHE_STALE_WHILE_REVALIDATE_MS: '0' });
    await h.gql(Q, {}, { token: TOKEN_A });
    await h.gql(Q, {}, { token: TOKEN_A });
    clock.advance(2000);
    h.sim.faults.enqueue({ kind: 'serverError' });
    await h.gql(Q, {}, { token: TOKEN_A });
    expect(h.cache.stats()).toMatchObject({
      hits: 1,
      misses: 2,
      staleServes: 1,
      upstreamFetches: 2,
      entries: 1,
      redisErrors: 0,
      redis: store === 'redis' ? 'up' : 'off',
    });
    expect(h.cache.stats().bytes).toBeGreaterThan(100);
  });
});

test('with the cache off every request goes upstream and says BYPASS', async () => {
  const h = await createHarness({ CACHE_ENABLED: 'false' });
  try {
    await h.gql(Q);
    const r = await h.gql(Q);
    expect(cacheOf(r)).toEqual({ status: 'BYPASS', ageMs: 0, pages: [{ status: 'BYPASS', ageMs: 0 }] });
    expect(listCalls(h.sim)).toHaveLength(2);
  } finally {
    await h.close();
  }
});
