import type { Fault } from '../../src/simulator';
import { createHarness, type Harness, harnessPerTest, listCalls } from '../helpers/harness';

const Q = '{ sharedRepositories { totalCount nodes { name } } }';

// One answer, one mapping: retries and the breaker are resilience.test.ts's subject, not this suite's. A fresh
// gateway per test: each fault meets a cold cache.
const harness = harnessPerTest({
  UPSTREAM_HEADERS_TIMEOUT_MS: '300',
  UPSTREAM_BODY_TIMEOUT_MS: '300',
  UPSTREAM_RETRY_MAX_ATTEMPTS: '1',
  UPSTREAM_BREAKER_FAILURES: '1000',
});
let h: Harness;
beforeEach(() => {
  h = harness();
});

async function errorFor(fault: Fault) {
  h.sim.faults.enqueue(fault);
  const r = await h.gql(Q);
  expect(r.body.data?.sharedRepositories ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  const text = JSON.stringify(r.body);
  // Nothing of the upstream body, URL or token crosses over.
  expect(text).not.toMatch(/10\.\d+\.\d+\.\d+|shared-repositories|tenant-alpha-token|Incorrect IAM/);
  return r.body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
}

const swrBody = (code: string) => [{ errorCode: code, errorMessage: 'message from swr', detail: '' }];

/** A well-formed list element, with some fields overridden. */
const listItem = (fields: Record<string, unknown>) => ({
  name: 'nginx',
  category: 'linux',
  description: '',
  size: 1024,
  is_public: false,
  num_images: 1,
  num_download: 0,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  logo: '',
  url: '',
  path: 'swr.example.com/team/nginx',
  internal_path: 'swr.internal/team/nginx',
  domain_name: 'owner',
  namespace: 'team',
  tags: ['latest'],
  status: false,
  total_range: 1,
  ...fields,
});

test('the well-formed element the next cases change is answered as data', async () => {
  h.sim.faults.enqueue({ kind: 'respond', status: 200, body: [listItem({ num_images: 2 ** 31 - 1 })] });
  const r = await h.gql('{ sharedRepositories { totalCount nodes { name numImages } } }');
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data?.sharedRepositories).toEqual({
    totalCount: 1,
    nodes: [{ name: 'nginx', numImages: 2 ** 31 - 1 }],
  });
});

test.each<[string, Fault, Record<string, unknown>]>([
  [
    'SWR array shape 400',
    { kind: 'respond', status: 400, body: swrBody('SVCSTG.SWR.4001028') },
    { code: 'UPSTREAM_BAD_REQUEST', upstreamCode: 'SVCSTG.SWR.4001028', retryable: false },
  ],
  [
    'SWR flat shape 400',
    {
      kind: 'respond',
      status: 400,
      body: { errorCode: 'SVCSTG.SWR.4000056', errorMessage: 'bad page size' },
    },
    { code: 'UPSTREAM_BAD_REQUEST', upstreamCode: 'SVCSTG.SWR.4000056' },
  ],
  [
    'SWR errors[] shape 400',
    {
      kind: 'respond',
      status: 400,
      body: { errors: [{ errorCode: 'SVCSTG.SWR.4001025', errorMessage: 'x' }] },
    },
    { code: 'UPSTREAM_BAD_REQUEST', upstreamCode: 'SVCSTG.SWR.4001025' },
  ],
  [
    'APIG 401',
    {
      kind: 'respond',
      status: 401,
      headers: { 'x-request-id': 'a'.repeat(32) },
      body: {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: decrypt token fail',
        request_id: 'a'.repeat(32),
      },
    },
    { code: 'UNAUTHENTICATED', upstreamCode: 'APIG.0301', upstreamRequestId: 'a'.repeat(32) },
  ],
  [
    'Keystone 401',
    {
      kind: 'respond',
      status: 401,
      body: { error: { code: 401, message: 'The request you have made requires authentication.' } },
    },
    { code: 'UNAUTHENTICATED', upstreamCode: '401' },
  ],
  ['401 with an empty body', { kind: 'emptyUnauthorized' }, { code: 'UNAUTHENTICATED' }],
  [
    '403 no permission',
    { kind: 'respond', status: 403, body: swrBody('SVCSTG.SWR.4039002') },
    { code: 'FORBIDDEN', upstreamCode: 'SVCSTG.SWR.4039002' },
  ],
  [
    '403 throttled',
    { kind: 'throttled', code: 'SVCSTG.SWR.4031032' },
    { code: 'RATE_LIMITED', retryable: true },
  ],
  [
    'APIG throttled',
    { kind: 'throttled', code: 'APIG.0308' },
    { code: 'RATE_LIMITED', upstreamCode: 'APIG.0308' },
  ],
  [
    '404 organization not found',
    { kind: 'respond', status: 404, body: swrBody('SVCSTG.SWR.4040058') },
    { code: 'NOT_FOUND', upstreamCode: 'SVCSTG.SWR.4040058' },
  ],
  ['500 with an internal IP', { kind: 'serverError' }, { code: 'UPSTREAM_UNAVAILABLE', retryable: true }],
  ['malformed JSON', { kind: 'malformedJson' }, { code: 'UPSTREAM_INVALID_RESPONSE' }],
  ['HTML with 200', { kind: 'html' }, { code: 'UPSTREAM_INVALID_RESPONSE' }],
  ['wrong JSON shape', { kind: 'wrongShape' }, { code: 'UPSTREAM_INVALID_RESPONSE' }],
  // numImages and totalCount are GraphQL Ints (32-bit): checked when the page is mapped, not left to execution.
  [
    'num_images beyond 32 bits',
    { kind: 'respond', status: 200, body: [listItem({ num_images: 2 ** 31 })] },
    { code: 'UPSTREAM_INVALID_RESPONSE' },
  ],
  [
    'a total beyond 32 bits',
    { kind: 'respond', status: 200, body: [listItem({ total_range: 2 ** 31 })] },
    { code: 'UPSTREAM_INVALID_RESPONSE' },
  ],
  ['hang past the headers timeout', { kind: 'hang' }, { code: 'UPSTREAM_TIMEOUT', retryable: true }],
  ['connection reset', { kind: 'reset' }, { code: 'UPSTREAM_UNAVAILABLE' }],
])('%s → stable code', async (_name, fault, extensions) => {
  const e = await errorFor(fault);
  expect(e.extensions).toEqual(expect.objectContaining(extensions));
});

test('a redirect is not followed and the token goes nowhere else', async () => {
  const elsewhere = await createHarness();
  try {
    const e = await errorFor({
      kind: 'redirect',
      location: `${elsewhere.sim.url}/v2/manage/shared-repositories`,
    });
    expect(e.extensions.code).toBe('UPSTREAM_INVALID_RESPONSE');
    expect(elsewhere.sim.requests).toHaveLength(0);
    expect(listCalls(h.sim)).toHaveLength(1);
  } finally {
    await elsewhere.close();
  }
});

test('a body above the size cap is UPSTREAM_RESPONSE_TOO_LARGE', async () => {
  const capped = await createHarness({ UPSTREAM_MAX_RESPONSE_BYTES: '65536' });
  try {
    capped.sim.faults.enqueue({ kind: 'hugeBody', bytes: 1024 * 1024 });
    const r = await capped.gql(Q);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_RESPONSE_TOO_LARGE');
  } finally {
    await capped.close();
  }
});

test('an unreachable endpoint is UPSTREAM_UNAVAILABLE', async () => {
  const dead = await createHarness();
  await dead.sim.close();
  const r = await dead.gql(Q);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  await dead.close().catch(() => undefined);
});

test('no token → UNAUTHENTICATED without an upstream call', async () => {
  const r = await h.gql(Q, undefined, { token: null });
  expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(h.sim.requests).toHaveLength(0);
});

test('{ __typename } works without a token', async () => {
  const r = await h.gql('{ __typename }', undefined, { token: null });
  expect(r.body).toEqual({ data: { __typename: 'Query' } });
});

test('an expired token is UNAUTHENTICATED from upstream', async () => {
  const r = await h.gql(Q, undefined, { token: 'expired-abc' });
  expect(r.body.errors?.[0]?.extensions).toEqual(
    expect.objectContaining({ code: 'UNAUTHENTICATED', upstreamCode: 'APIG.0301' }),
  );
});

test.each([
  ['namespace', { namespace: 'Bad_NS' }],
  ['namespace', { namespace: 'a--b' }],
  ['namespace', { namespace: 'a'.repeat(65) }],
  ['name', { name: 'a___b' }],
  ['name', { name: 'UPPER' }],
  ['name', { name: 'web app' }],
  ['name', { name: 'a'.repeat(129) }],
])('invalid %s %j is BAD_USER_INPUT before any upstream call', async (argumentName, args) => {
  const r = await h.gql(
    'query($namespace: String, $name: String) { sharedRepositories(namespace: $namespace, name: $name) { totalCount } }',
    args,
  );
  expect(r.body.errors?.[0]?.extensions).toEqual(
    expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName }),
  );
  expect(h.sim.requests).toHaveLength(0);
});

test('the simulator agrees the gateway rules are SWR rules: a valid namespace passes both', async () => {
  const r = await h.gql('{ sharedRepositories(namespace: "team-a.b__c9") { totalCount } }');
  expect(r.body.errors).toBeUndefined();
});
