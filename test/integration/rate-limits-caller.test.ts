import { setTimeout as delay } from 'node:timers/promises';
import { createHarness, type GqlResult, type Harness, listCalls, TOKEN } from '../helpers/harness';
import { startIdentityProvider } from '../helpers/jwks';
import { tokenModeHarness } from '../helpers/serviceModes';

/**
 * CALLER_RATE_LIMIT: every GraphQL request counts against its caller, and one over the limit is refused before
 * anything else happens. The window is short (1 s) so that "after the window" is a short wait.
 */
const LIMIT = 3;
const WINDOW = `${LIMIT}/1s`;
/** A query whose page size `n` makes it a page of its own: each request of a caller would be an upstream call. */
const PAGE = 'query($n: Int) { sharedRepositories(page: { size: $n }) { totalCount } }';
const OTHER_TOKEN = 'tenant-beta-token';
const API_KEYS = ['first-api-key-0123456789abcdef01234567', 'second-api-key-0123456789abcdef0123456'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const page = (gw: Harness, n: number, options: Parameters<Harness['gql']>[2] = {}) =>
  gw.gql(PAGE, { n }, options);

function expectRateLimited(r: GqlResult) {
  expect(r.status).toBe(429);
  const seconds = Number(r.headers.get('retry-after'));
  expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
  expect(r.body.data).toBeUndefined();
  expect(r.body.errors).toHaveLength(1);
  const extensions = r.body.errors?.[0]?.extensions ?? {};
  expect(extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  expect(Math.abs(Number(extensions.retryAfterSeconds) - seconds)).toBeLessThanOrEqual(1);
  expect(r.headers.get('ratelimit')).toMatch(/^"caller";r=0;t=\d+$/);
}

test('a caller over its limit gets 429 with Retry-After and no upstream call, while another caller is served; after the window it is served again', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: WINDOW });
  h = gw;
  for (let n = 1; n <= LIMIT; n++) expect((await page(gw, n)).status).toBe(200);
  const calls = listCalls(gw.sim).length;
  const refused = await page(gw, LIMIT + 1);
  expectRateLimited(refused);
  expect(listCalls(gw.sim)).toHaveLength(calls);
  const other = await page(gw, LIMIT + 1, { token: OTHER_TOKEN });
  expect(other.status).toBe(200);
  expect(other.body.data?.sharedRepositories).toBeDefined();

  // Honest Retry-After: waiting that long is enough.
  await delay(Number(refused.headers.get('retry-after')) * 1000);
  const again = await page(gw, LIMIT + 1);
  expect(again.status).toBe(200);
  expect(again.body.errors).toBeUndefined();
});

test('every answer carries RateLimit-Policy and RateLimit, counting the request itself; the refusal is 429 under application/json too', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: '3/1m' });
  h = gw;
  const remaining: (string | null)[] = [];
  for (let n = 1; n <= LIMIT; n++) {
    const r = await page(gw, 1, { headers: { accept: 'application/json' } });
    expect(r.headers.get('ratelimit-policy')).toBe('"caller";q=3;w=60');
    remaining.push(r.headers.get('ratelimit'));
  }
  expect(remaining.map((v) => v?.replace(/;t=\d+$/, ''))).toEqual([
    '"caller";r=2',
    '"caller";r=1',
    '"caller";r=0',
  ]);
  const refused = await page(gw, 1, { headers: { accept: 'application/json' } });
  expectRateLimited(refused);
  expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
});

test('X-Auth-Token and Authorization: Bearer carrying one token are one caller with one budget', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: WINDOW });
  h = gw;
  const bearer = { token: null, headers: { authorization: `Bearer ${TOKEN}` } };
  expect((await page(gw, 1)).status).toBe(200);
  expect((await page(gw, 2, bearer)).status).toBe(200);
  expect((await page(gw, 3)).status).toBe(200);
  expectRateLimited(await page(gw, 4, bearer));
});

test('passthrough without a token counts against nobody', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: WINDOW });
  h = gw;
  for (let i = 0; i < LIMIT + 2; i++) {
    const r = await page(gw, 1, { token: null });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.headers.get('ratelimit')).toBeNull();
  }
  expect((await gw.gql('{ __typename }', undefined, { token: null })).status).toBe(200);
  // The limit is on: a caller with a token has its whole budget.
  expect((await page(gw, 1)).headers.get('ratelimit')).toMatch(/^"caller";r=2;/);
});

describe('CALLER_AUTH=api-key', () => {
  const withKey = (key: string) => ({ token: null, headers: { 'x-api-key': key } });

  test('each API key has its own budget', async () => {
    const gw = await tokenModeHarness({
      CALLER_AUTH: 'api-key',
      API_KEYS: API_KEYS.join(','),
      CALLER_RATE_LIMIT: WINDOW,
    });
    h = gw;
    for (let i = 0; i < LIMIT; i++) expect((await page(gw, 1, withKey(API_KEYS[0]!))).status).toBe(200);
    expectRateLimited(await page(gw, 1, withKey(API_KEYS[0]!)));
    const second = await page(gw, 1, withKey(API_KEYS[1]!));
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit')).toMatch(/^"caller";r=2;/);
  });

  test('a missing or wrong key is UNAUTHENTICATED, never RATE_LIMITED, and consumes nothing', async () => {
    const gw = await tokenModeHarness({
      CALLER_AUTH: 'api-key',
      API_KEYS: API_KEYS[0]!,
      CALLER_RATE_LIMIT: WINDOW,
    });
    h = gw;
    for (let i = 0; i < LIMIT + 2; i++) {
      for (const options of [{ token: null }, withKey('wrong-key-0123456789abcdef0123456789ab')]) {
        const r = await page(gw, 1, options);
        expect(r.status).toBe(401);
        expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(r.headers.get('ratelimit')).toBeNull();
      }
    }
    const r = await page(gw, 1, withKey(API_KEYS[0]!));
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit')).toMatch(/^"caller";r=2;/);
  });
});

test('CALLER_AUTH=jwt: the caller is issuer + subject: two tokens of one subject share a budget, another subject has its own', async () => {
  const idp = await startIdentityProvider();
  try {
    const issuer = 'https://login.example.com/';
    const gw = await tokenModeHarness({
      CALLER_AUTH: 'jwt',
      JWT_JWKS_URL: idp.jwksUrl,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: 'swr-gateway',
      CALLER_RATE_LIMIT: WINDOW,
    });
    h = gw;
    const as = (sub: string, jti: string) => {
      const at = Math.floor(Date.now() / 1000);
      const jwt = idp.sign({ iss: issuer, aud: 'swr-gateway', sub, jti, iat: at, exp: at + 300 });
      return { token: null, headers: { authorization: `Bearer ${jwt}` } };
    };
    for (let i = 0; i < LIMIT; i++) expect((await page(gw, 1, as('user-1', `t${i}`))).status).toBe(200);
    expectRateLimited(await page(gw, 1, as('user-1', 'another-token')));
    expect((await page(gw, 1, as('user-2', 't0'))).status).toBe(200);
  } finally {
    await idp.close();
  }
});

describe('CALLER_AUTH=anonymous: callers are told apart by address', () => {
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  test('X-Forwarded-For is not believed by default: a client cannot name itself a new caller', async () => {
    const gw = await tokenModeHarness({ CALLER_AUTH: 'anonymous', CALLER_RATE_LIMIT: WINDOW });
    h = gw;
    for (let i = 0; i < LIMIT; i++) expect((await page(gw, 1, from(`203.0.113.${i}`))).status).toBe(200);
    expectRateLimited(await page(gw, 1, from('203.0.113.99')));
  });

  test('behind TRUST_PROXY=1 the address the proxy appended is the caller', async () => {
    const gw = await tokenModeHarness({
      CALLER_AUTH: 'anonymous',
      CALLER_RATE_LIMIT: WINDOW,
      TRUST_PROXY: '1',
    });
    h = gw;
    // What the client wrote left of the proxy's entry does not matter; the proxy's entry does.
    for (let i = 0; i < LIMIT; i++)
      expect((await page(gw, 1, from(`10.9.9.${i}, 198.51.100.7`))).status).toBe(200);
    expectRateLimited(await page(gw, 1, from('198.51.100.7')));
    expect((await page(gw, 1, from('198.51.100.8'))).status).toBe(200);
  });
});

test('GET requests and kept (fast path) answers count too', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: WINDOW });
  h = gw;
  const url = `/graphql?query=${encodeURIComponent('{ sharedRepositories { totalCount } }')}`;
  const get = () => gw.fetch(url, { headers: { accept: 'application/json', 'x-auth-token': TOKEN } });
  for (let i = 0; i < LIMIT; i++) expect((await get()).status).toBe(200);
  expect(gw.gateway.fastPathAnswers?.().kept).toBeGreaterThan(0);
  const refused = await get();
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('1');
});

test('the refusals are counted in gateway_rate_limited_total{kind="caller"}', async () => {
  const gw = await createHarness({ CALLER_RATE_LIMIT: WINDOW });
  h = gw;
  for (let i = 0; i < LIMIT + 2; i++) await page(gw, 1);
  const metrics = await (await gw.fetch('/metrics')).text();
  expect(metrics).toMatch(/^gateway_rate_limited_total\{kind="caller"\} 2$/m);
  expect(metrics).toMatch(/^gateway_graphql_errors_total\{code="RATE_LIMITED"\} 2$/m);
});
