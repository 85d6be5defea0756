import { createHarness, type Harness, listCalls } from '../helpers/harness';

const Q = '{ sharedRepositories(page: { size: 5 }) { totalCount nodes { name } } }';
const TOKEN_A = 'stale-breaker-alpha';
const TOKEN_B = 'stale-breaker-beta';
const TOKEN_C = 'stale-breaker-gamma';

let h: Harness;
let now = Date.now();

beforeAll(async () => {
  h = await createHarness(
    {
      CACHE_ENABLED: 'true',
      CACHE_TTL_MS: '1000',
      CACHE_STALE_WHILE_REVALIDATE_MS: '0',
      CACHE_STALE_IF_ERROR_MS: '60000',
      UPSTREAM_BREAKER_FAILURES: '2',
      UPSTREAM_BREAKER_OPEN_MS: '60000',
      UPSTREAM_RETRY_MAX_ATTEMPTS: '1',
    },
    {},
    { now: () => now },
  );
});
afterAll(() => h.close());

test('an open breaker serves the caller with a cached page stale data, flagged STALE; another caller gets an error', async () => {
  const fresh = await h.gql(Q, undefined, { token: TOKEN_A });
  expect(fresh.body.extensions?.cache).toMatchObject({ status: 'MISS' });
  now += 2000; // past the TTL, inside the stale-if-error window

  // SWR starts failing; another caller's misses open the breaker.
  h.sim.faults.always({ kind: 'serverError' });
  for (let i = 0; i < 2; i++) {
    const failed = await h.gql(Q, undefined, { token: TOKEN_C });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  }
  expect(h.upstream.resilience.breaker.state()).toBe('open');
  const callsBefore = listCalls(h.sim).length;

  const stale = await h.gql(Q, undefined, { token: TOKEN_A });
  expect(stale.body.errors).toBeUndefined();
  expect(stale.body.data?.sharedRepositories).toEqual(fresh.body.data?.sharedRepositories);
  expect(stale.body.extensions?.cache).toMatchObject({ status: 'STALE', ageMs: 2000 });

  const other = await h.gql(Q, undefined, { token: TOKEN_B });
  expect(other.body.data?.sharedRepositories ?? null).toBeNull();
  expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });

  // Neither answer asked SWR: the breaker failed both fast.
  expect(listCalls(h.sim).length).toBe(callsBefore);
});
