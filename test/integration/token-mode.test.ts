import { setTimeout as delay } from 'node:timers/promises';
import type { Fault, SimulatorOptions } from '../../src/simulator';
import { type Harness, listCalls } from '../helpers/harness';
import { IAM_USER, tokenModeHarness } from '../helpers/serviceModes';

const API_KEY = 'a'.repeat(40);
/** A page of its own per call: the cache (on, as in production) would answer a repeated one without SWR or IAM. */
let calls = 0;
const fresh = () =>
  `{ sharedRepositories(page: { size: ${1 + (calls++ % 100)} }) { totalCount nodes { name } } }`;
const asCaller = { token: null, headers: { 'x-api-key': API_KEY } };

function tokenMode(env: Record<string, string> = {}, sim: SimulatorOptions = {}): Promise<Harness> {
  // 50 concurrent requests on purpose (cache off in the harness): the bulkhead must not turn them away.
  return tokenModeHarness(
    { CALLER_AUTH: 'api-key', API_KEYS: API_KEY, UPSTREAM_QUEUE_SIZE: '100', ...env },
    sim,
  );
}

const iamCalls = (h: Harness) => h.sim.requests.filter((r) => r.path === '/v3/auth/tokens');
const tokensSent = (h: Harness) => listCalls(h.sim).map((c) => c.headers['x-auth-token']);

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(10);
  }
}

describe('one shared token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await tokenMode();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.reset());

  test('fifty concurrent requests cause one IAM call, and all use its token', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => h.gql(fresh(), undefined, asCaller)));
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    expect(iamCalls(h)).toHaveLength(1);
    expect(new Set(tokensSent(h)).size).toBe(1);
    expect(results[0]?.body.data?.sharedRepositories).toMatchObject({
      totalCount: h.sim.dataset(IAM_USER.tenant, 'self').length,
    });
  });

  test('the IAM call is a POST without the catalog, and the simulator accepts its password body', async () => {
    h.sim.revokeIamTokens();
    expect((await h.gql(fresh(), undefined, asCaller)).body.errors).toBeUndefined();
    const [call] = iamCalls(h);
    expect(call?.method).toBe('POST');
    expect(call?.query).toEqual({ nocatalog: 'true' });
  });

  test('a token revoked mid-life: one refresh, one retry, and the request succeeds', async () => {
    await h.gql(fresh(), undefined, asCaller);
    h.sim.reset();
    h.sim.revokeIamTokens();
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors).toBeUndefined();
    expect(iamCalls(h)).toHaveLength(1);
    const [rejected, retried] = tokensSent(h);
    expect(tokensSent(h)).toHaveLength(2);
    expect(rejected).not.toBe(retried);
  });

  test('ten concurrent requests hitting a revoked token share one refresh', async () => {
    await h.gql(fresh(), undefined, asCaller);
    h.sim.reset();
    h.sim.revokeIamTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => h.gql(fresh(), undefined, asCaller)));
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    expect(iamCalls(h)).toHaveLength(1);
  });

  test('a 401 that persists after the refresh is a clear UNAUTHENTICATED, after exactly one retry', async () => {
    await h.gql(fresh(), undefined, asCaller);
    h.sim.reset();
    const unauthorized = {
      kind: 'respond' as const,
      status: 401,
      body: {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: decrypt token fail',
      },
    };
    h.sim.faults.enqueue(unauthorized, 2);
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstreamCode: 'APIG.0301',
    });
    expect(listCalls(h.sim)).toHaveLength(2);
    expect(iamCalls(h)).toHaveLength(1);
  });
});

test('the token is refreshed before it expires: no request ever meets an expired token', async () => {
  const h = await tokenMode({}, { iamTokenLifetimeMs: 2000 });
  try {
    expect((await h.gql(fresh(), undefined, asCaller)).body.errors).toBeUndefined();
    // Past half the lifetime (the refresh point for so short a token), well before expiry.
    await delay(1150);
    expect((await h.gql(fresh(), undefined, asCaller)).body.errors).toBeUndefined();
    await until(() => iamCalls(h).length === 2);
    expect((await h.gql(fresh(), undefined, asCaller)).body.errors).toBeUndefined();
    const [t1, t1again, t2] = tokensSent(h);
    // Three requests, three upstream calls: none was refused and retried.
    expect(tokensSent(h)).toHaveLength(3);
    expect(t1again).toBe(t1);
    expect(t2).not.toBe(t1);
  } finally {
    await h.close();
  }
});

describe('IAM failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await tokenMode({ UPSTREAM_HEADERS_TIMEOUT_MS: '300' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.reset());

  test('IAM down is UPSTREAM_UNAVAILABLE, with no SWR call, and the next request tries again', async () => {
    // First test of the block: the gateway holds no token yet.
    h.sim.iamFaults.enqueue({ kind: 'serverError', status: 503 });
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: 'IAM',
      retryable: true,
    });
    expect(listCalls(h.sim)).toHaveLength(0);
    expect(JSON.stringify(r.body)).not.toMatch(/10\.\d+\.\d+\.\d+|auth\/tokens/);
    expect((await h.gql(fresh(), undefined, asCaller)).body.errors).toBeUndefined();
  });

  test('IAM resetting the connection during a refresh after a 401 is UPSTREAM_UNAVAILABLE', async () => {
    h.sim.revokeIamTokens();
    h.sim.iamFaults.enqueue({ kind: 'reset' });
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'IAM' });
    expect(listCalls(h.sim)).toHaveLength(1);
  });

  test.each<[string, Fault]>([
    [
      '201 without X-Subject-Token',
      { kind: 'respond', status: 201, body: { token: { expires_at: '2099-01-01T00:00:00Z' } } },
    ],
    [
      'a redirect (never followed: the password must not travel on)',
      { kind: 'redirect', location: 'https://elsewhere.example/' },
    ],
    ['HTML instead of JSON', { kind: 'html' }],
  ])('IAM answering %s is UPSTREAM_INVALID_RESPONSE', async (_label, fault) => {
    h.sim.revokeIamTokens();
    h.sim.iamFaults.enqueue(fault);
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_INVALID_RESPONSE',
      upstream: 'IAM',
    });
  });

  test('IAM not answering in time is UPSTREAM_TIMEOUT', async () => {
    h.sim.revokeIamTokens();
    h.sim.iamFaults.enqueue({ kind: 'hang' });
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'IAM' });
  });
});

test('an unreachable IAM endpoint is UPSTREAM_UNAVAILABLE', async () => {
  const h = await tokenMode({ IAM_ENDPOINT: 'http://127.0.0.1:1' });
  try {
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'IAM' });
    expect(listCalls(h.sim)).toHaveLength(0);
  } finally {
    await h.close();
  }
});

test("IAM refusing the gateway's password is UNAUTHENTICATED naming the service credentials", async () => {
  const h = await tokenMode({ IAM_PASSWORD: 'wrong-password' });
  try {
    const r = await h.gql(fresh(), undefined, asCaller);
    expect(r.body.errors?.[0]).toMatchObject({
      message: "IAM rejected the gateway's service credentials.",
      extensions: { code: 'UNAUTHENTICATED', upstream: 'IAM', upstreamStatus: 401 },
    });
    expect(iamCalls(h)).toHaveLength(1);
    expect(listCalls(h.sim)).toHaveLength(0);
  } finally {
    await h.close();
  }
});
