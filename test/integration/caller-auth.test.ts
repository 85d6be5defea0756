import { createHmac } from 'node:crypto';
import { createHarness, type Harness } from '../helpers/harness';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/jwks';
import { IAM_USER, tokenModeHarness } from '../helpers/serviceModes';

const ISSUER = 'https://login.example.com/';
const AUDIENCE = 'swr-gateway';
const API_KEY = 'correct-horse-battery-staple-0123456789';
const Q = '{ sharedRepositories(page: { size: 3 }) { totalCount } }';

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'user-42',
  iat: now(),
  exp: now() + 300,
  ...extra,
});
const bearer = (jwt: string) => ({ token: null, headers: { authorization: `Bearer ${jwt}` } });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Token mode: a caller let through by mistake would show as an IAM call or an SWR call in `sim.requests`. */
const serviceHarness = (env: Record<string, string>) => tokenModeHarness(env);

function expectRefused(h: Harness, r: Awaited<ReturnType<Harness['gql']>>, message?: RegExp) {
  expect(r.status).toBe(401);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  if (message) expect(r.body.errors?.[0]?.message).toMatch(message);
  // Refused before anything reached IAM or SWR.
  expect(h.sim.requests).toHaveLength(0);
}

describe('CALLER_AUTH=jwt', () => {
  let idp: TestIdentityProvider;
  let h: Harness;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    h = await serviceHarness({
      CALLER_AUTH: 'jwt',
      JWT_JWKS_URL: idp.jwksUrl,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_CLOCK_TOLERANCE_S: '5',
    });
  });
  afterAll(async () => {
    await h.close();
    await idp.close();
  });
  beforeEach(() => h.sim.reset());

  test.each(['RS256', 'ES256'] as const)(
    'a valid %s token is let in and uses the service identity',
    async (alg) => {
      const r = await h.gql(Q, undefined, bearer(idp.sign(claims(), { alg })));
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data?.sharedRepositories).toMatchObject({
        totalCount: h.sim.dataset(IAM_USER.tenant, 'self').length,
      });
    },
  );

  test('the caller is logged by subject', async () => {
    await h.gql(Q, undefined, bearer(idp.sign(claims({ sub: 'alice' }))));
    expect(h.logs.text).toContain('"caller":"jwt:alice"');
  });

  test('no token is refused', async () => {
    expectRefused(h, await h.gql(Q, undefined, { token: null }), /bearer token is required/);
  });

  test('an SWR token in X-Auth-Token does not count as authentication', async () => {
    expectRefused(h, await h.gql(Q, undefined, { token: 'some-swr-token' }));
  });

  test.each<[string, () => string]>([
    ['that is not a JWT', () => 'not-a-jwt'],
    ['signed by a key not in the JWKS', () => idp.sign(claims(), { key: 'rogue' })],
    ['from another issuer', () => idp.sign(claims({ iss: 'https://evil.example.com/' }))],
    ['for another audience', () => idp.sign(claims({ aud: 'another-api' }))],
    ['without exp', () => idp.sign({ iss: ISSUER, aud: AUDIENCE, sub: 'x' })],
    ['not yet valid', () => idp.sign(claims({ nbf: now() + 600 }))],
    ['unsigned (alg none)', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    [
      'HMAC-signed (HS256)',
      () => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}`;
        return `${input}.${createHmac('sha256', 'guess').update(input).digest('base64url')}`;
      },
    ],
    [
      'with a tampered payload',
      () => {
        const [head, , sig] = idp.sign(claims()).split('.');
        return `${head}.${b64(claims({ sub: 'admin' }))}.${sig}`;
      },
    ],
  ])('a token %s is refused', async (_label, make) => {
    expectRefused(h, await h.gql(Q, undefined, bearer(make())), /not valid/);
  });

  test('an expired token is refused as expired', async () => {
    const expired = idp.sign(claims({ iat: now() - 600, exp: now() - 60 }));
    const r = await h.gql(Q, undefined, bearer(expired));
    expectRefused(h, r, /expired/);
    expect(r.headers.get('www-authenticate')).toContain('invalid_token');
  });

  test('introspection and __typename also need a caller token', async () => {
    expectRefused(h, await h.gql('{ __typename }', undefined, { token: null }));
    expectRefused(h, await h.gql('{ __schema { queryType { name } } }', undefined, { token: null }));
    const r = await h.gql('{ __typename }', undefined, bearer(idp.sign(claims())));
    expect(r.body).toEqual({ data: { __typename: 'Query' } });
  });

  test('an unreachable JWKS is UPSTREAM_UNAVAILABLE, not a verdict on the caller, and calls nothing upstream', async () => {
    const cut = await serviceHarness({
      CALLER_AUTH: 'jwt',
      JWT_JWKS_URL: 'http://127.0.0.1:1/.well-known/jwks.json',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
    try {
      const r = await cut.gql(Q, undefined, bearer(idp.sign(claims())));
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(cut.sim.requests).toHaveLength(0);
    } finally {
      await cut.close();
    }
  });
});

describe('CALLER_AUTH=api-key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await serviceHarness({ CALLER_AUTH: 'api-key', API_KEYS: `${'x'.repeat(32)},${API_KEY}` });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.reset());

  test('a configured key is let in and logged by its position, not its value', async () => {
    const r = await h.gql(Q, undefined, { token: null, headers: { 'x-api-key': API_KEY } });
    expect(r.body.errors).toBeUndefined();
    expect(h.logs.text).toContain('"caller":"api-key:2"');
  });

  test.each([
    ['missing', undefined],
    ['wrong', 'wrong-key-wrong-key-wrong-key-wrong-key'],
    ['a prefix of a real key', API_KEY.slice(0, -1)],
    ['a real key plus a suffix', `${API_KEY}0`],
    ['empty', ''],
  ])('an API key that is %s is refused', async (_label, key) => {
    const headers: Record<string, string> = key === undefined ? {} : { 'x-api-key': key };
    expectRefused(h, await h.gql(Q, undefined, { token: null, headers }));
  });
});

test('CALLER_AUTH=anonymous lets anyone use the service identity, as the operator chose', async () => {
  const h = await serviceHarness({ CALLER_AUTH: 'anonymous' });
  try {
    const r = await h.gql(Q, undefined, { token: null });
    expect(r.body.errors).toBeUndefined();
  } finally {
    await h.close();
  }
});

test('passthrough keeps __typename open and asks for a token only where SWR is needed', async () => {
  const h = await createHarness();
  try {
    expect((await h.gql('{ __typename }', undefined, { token: null })).body).toEqual({
      data: { __typename: 'Query' },
    });
    const r = await h.gql(Q, undefined, { token: null });
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  } finally {
    await h.close();
  }
});
