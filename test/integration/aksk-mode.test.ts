import fc from 'fast-check';
import { loadConfig } from '../../src/config';
import { Secret } from '../../src/config/secret';
import { createLogger } from '../../src/logger';
import { DEMO_ACCESS_KEY, DEMO_TOKEN } from '../../src/simulator';
import { akskCredential } from '../../src/swr/credentials/aksk';
import { createUpstream } from '../../src/swr/upstream';
import { UpstreamError } from '../../src/swr/upstreamError';
import type { WireListQuery } from '../../src/swr/wire';
import { createHarness, type Harness, listCalls } from '../helpers/harness';

const AK = 'HPUAINTEGRATION00001';
const SK = 'integration-secret-key-00000000000000001';
const API_KEY = 'k'.repeat(40);
const TENANT = 'aksk-tenant';
/** A page of its own per call: the cache (on, as in production) would answer a repeated one without SWR or IAM. */
let calls = 0;
const fresh = () =>
  `{ sharedRepositories(page: { size: ${1 + (calls++ % 100)} }) { totalCount nodes { name } } }`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness(
    {
      SWR_AUTH_MODE: 'aksk',
      SWR_AK: AK,
      SWR_SK: SK,
      SWR_PROJECT_ID: '0123456789abcdef0123456789abcdef',
      CALLER_AUTH: 'api-key',
      API_KEYS: API_KEY,
    },
    { accessKeys: [{ ak: AK, sk: SK, tenant: TENANT }] },
  );
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

const asCaller = { token: null, headers: { 'x-api-key': API_KEY } };

test('a GraphQL request in aksk mode is signed, verified by the simulator and sees the AK tenant', async () => {
  const r = await h.gql(fresh(), undefined, asCaller);
  expect(r.body.errors).toBeUndefined();
  const expected = h.sim.dataset(TENANT, 'self').length;
  expect(r.body.data?.sharedRepositories).toMatchObject({ totalCount: expected });
  const [call] = listCalls(h.sim);
  expect(call?.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=HPUAINTEGRATION00001, SignedHeaders=/);
  expect(call?.headers['x-project-id']).toBe('0123456789abcdef0123456789abcdef');
  expect(call?.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
});

test('every request of a varied workload verifies (paging, sorting, centers, names with / as $)', async () => {
  const own = h.sim.dataset(TENANT, 'self');
  const withSlash = own.find((r) => r.name.includes('/'));
  const sample = own[0];
  const queries = [
    '{ sharedRepositories(page: { size: 3, number: 2 }, sort: { field: NAME, direction: ASC }) { nodes { name } } }',
    '{ sharedRepositories(center: THIRD_PARTY, sort: { field: TAG_COUNT }) { totalCount } }',
    `{ sharedRepositories(namespace: "${sample?.namespace}") { totalCount } }`,
    `{ sharedRepositories(name: "${(withSlash ?? sample)?.name}") { totalCount nodes { name } } }`,
    '{ a: sharedRepositories(page: { size: 7 }) { totalCount } b: sharedRepositories(page: { size: 2, number: 4 }) { totalCount } }',
  ];
  for (const query of queries) {
    const r = await h.gql(query, undefined, asCaller);
    expect(r.body.errors).toBeUndefined();
  }
  const calls = listCalls(h.sim);
  expect(calls.length).toBeGreaterThanOrEqual(queries.length);
  if (withSlash) expect(calls.some((c) => c.query.name?.includes('$'))).toBe(true);
});

test("the caller's own X-Auth-Token is ignored, never forwarded", async () => {
  const r = await h.gql(fresh(), undefined, { token: 'caller-swr-token', headers: { 'x-api-key': API_KEY } });
  expect(r.body.errors).toBeUndefined();
  expect(listCalls(h.sim)[0]?.headers['x-auth-token']).toBeUndefined();
});

describe('the signer and the simulator agree on every query value', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const logger = createLogger('silent');
  let upstream: ReturnType<typeof createUpstream>;
  beforeAll(() => {
    upstream = createUpstream(config, new URL(h.sim.url), logger);
  });
  afterAll(() => upstream.close());

  const credential = (sk = SK, now?: () => number) =>
    akskCredential({ accessKey: AK, secretKey: new Secret(sk), ...(now ? { now } : {}) });
  const query = (extra: Partial<WireListQuery>): WireListQuery => ({
    center: 'self',
    limit: 10,
    offset: 0,
    order_column: 'updated_at',
    order_type: 'desc',
    ...extra,
  });

  test.each([
    ['spaces', 'a b  c'],
    ['*', 'a*b'],
    ["'", "o'neil"],
    ['( and )', '(x)'],
    ['~', '~tilde~'],
    ['non-ASCII', 'Zürich-東京-😀'],
    ['$', 'a$b'],
    ['all of them', "a b*~'(x) ü $/+%&=?#"],
  ])('a value with %s verifies', async (_label, value) => {
    // domain_name is not validated by SWR, so a 200 means APIG accepted the signature.
    await expect(
      upstream.client.listSharedRepositories(query({ domain_name: value }), credential()),
    ).resolves.toMatchObject({ items: [] });
  });

  test('a repository name with reserved characters passes the signature check and reaches SWR validation', async () => {
    const rejected = upstream.client.listSharedRepositories(query({ name: "a b*~'(x)ü" }), credential());
    // 400 Invalid image name comes from SWR, after APIG verified the signature (a bad one is a 401).
    await expect(rejected).rejects.toMatchObject({ status: 400, upstreamCode: 'SVCSTG.SWR.4001029' });
  });

  test('arbitrary Unicode values verify (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 24 }), async (value) => {
        const result = await upstream.client.listSharedRepositories(
          query({ domain_name: value }),
          credential(),
        );
        expect(result.items).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  test('a wrong SK is refused with APIG.0301 signature failure', async () => {
    const error = await upstream.client
      .listSharedRepositories(query({}), credential('not-the-secret-key'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 401, upstreamCode: 'APIG.0301' });
    expect((error as UpstreamError).upstreamMessage).toMatch(
      /^Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:GET\|\/v2\/manage\/shared-repositories\/\|center=self&limit=10/,
    );
  });

  test('a clock 16 minutes behind is refused', async () => {
    const skewed = credential(SK, () => Date.now() - 16 * 60_000);
    await expect(upstream.client.listSharedRepositories(query({}), skewed)).rejects.toMatchObject({
      status: 401,
      upstreamMessage: expect.stringContaining('more than 15 minutes'),
    });
  });

  test('an unknown AK is refused as not existing', async () => {
    const stranger = akskCredential({ accessKey: 'NOSUCHAK', secretKey: new Secret(SK) });
    await expect(upstream.client.listSharedRepositories(query({}), stranger)).rejects.toMatchObject({
      status: 401,
      upstreamMessage: 'Incorrect IAM authentication information: ak NOSUCHAK not exist',
    });
  });

  test('the built-in demo pair sees the demo tenant', async () => {
    const demo = akskCredential({ accessKey: DEMO_ACCESS_KEY.ak, secretKey: new Secret(DEMO_ACCESS_KEY.sk) });
    const result = await upstream.client.listSharedRepositories(query({ limit: 1000 }), demo);
    expect(result.total).toBe(h.sim.dataset(DEMO_TOKEN, 'self').length);
  });
});

test('a signature SWR rejects becomes UNAUTHENTICATED without the upstream message', async () => {
  h.sim.faults.enqueue({
    kind: 'respond',
    status: 401,
    body: {
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
    },
  });
  const r = await h.gql(fresh(), undefined, asCaller);
  expect(r.body.errors?.[0]?.extensions).toMatchObject({
    code: 'UNAUTHENTICATED',
    upstreamCode: 'APIG.0301',
  });
  expect(JSON.stringify(r.body)).not.toContain('verify aksk');
  // AK/SK cannot renew itself: no retry.
  expect(listCalls(h.sim)).toHaveLength(1);
});
