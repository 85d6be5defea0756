import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_IAM_USER, DEMO_TOKEN, type Simulator, startSimulator } from '../../src/simulator';
import { createClock } from '../helpers/clock';

const USER = { domain: 'acme', name: 'svc', password: 'sim-password', tenant: 'acme-tenant' };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ iamUsers: [USER] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function passwordBody(user: { domain: string; name: string; password: string }, project = 'cn-north-4') {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user.name, password: user.password, domain: { name: user.domain } } },
      },
      scope: { project: { name: project } },
    },
  };
}

async function issue(body: unknown, method = 'POST', target: Simulator = sim) {
  const response = await fetch(`${target.url}/v3/auth/tokens?nocatalog=true`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return {
    status: response.status,
    token: response.headers.get('x-subject-token'),
    body: await response.json(),
  };
}

async function list(token: string, target: Simulator = sim) {
  const response = await fetch(
    `${target.url}/v2/manage/shared-repositories?center=self&limit=1000&offset=0`,
    {
      headers: { 'x-auth-token': token },
    },
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

test('a known user gets 201, the token in X-Subject-Token and expires_at in the body', async () => {
  const r = await issue(passwordBody(USER));
  expect(r.status).toBe(201);
  expect(r.token).toMatch(/^MII/);
  expect(r.body.token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const lifetime = Date.parse(r.body.token.expires_at) - Date.parse(r.body.token.issued_at);
  expect(lifetime).toBe(24 * 3_600_000);
  expect(sim.requestCount('/v3/auth/tokens')).toBe(1);
});

test("the SWR endpoint accepts the issued token and shows the user's tenant", async () => {
  const { token } = await issue(passwordBody(USER));
  const r = await list(token ?? '');
  expect(r.status).toBe(200);
  expect(r.body).toHaveLength(sim.dataset(USER.tenant, 'self').length);
});

test('the built-in demo user sees the demo tenant', async () => {
  const { token } = await issue(passwordBody(DEMO_IAM_USER));
  expect((await list(token ?? '')).body).toHaveLength(sim.dataset(DEMO_TOKEN, 'self').length);
});

test.each([
  ['a wrong password', passwordBody({ ...USER, password: 'nope' })],
  ['an unknown user', passwordBody({ ...USER, name: 'mallory' })],
  ['another account', passwordBody({ ...USER, domain: 'other' })],
])('%s is refused with 401', async (_label, body) => {
  const r = await issue(body);
  expect(r.status).toBe(401);
  expect(r.token).toBeNull();
  expect(r.body).toEqual({
    error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
  });
});

test.each<[string, unknown]>([
  ['not JSON', '{"auth":'],
  ['no password method', { auth: { ...passwordBody(USER).auth, identity: { methods: ['token'] } } }],
  [
    'no domain',
    JSON.parse(JSON.stringify(passwordBody(USER)).replace('"domain":{"name":"acme"}', '"domain":{}')),
  ],
  ['no scope', { auth: { identity: passwordBody(USER).auth.identity } }],
])('a body with %s is refused with 400', async (_label, body) => {
  const r = await issue(body);
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe(400);
});

test('only POST issues tokens', async () => {
  expect((await issue(undefined, 'GET')).status).toBe(405);
});

test('an expired token is refused by the SWR endpoint with its expiry', async () => {
  sim.setOptions({ iamTokenLifetimeMs: 50 });
  const { token } = await issue(passwordBody(USER));
  await delay(80);
  const r = await list(token ?? '');
  expect(r.status).toBe(401);
  expect(r.body).toMatchObject({
    error_code: 'APIG.0301',
    error_msg: expect.stringMatching(
      /^Incorrect IAM authentication information: token expires, expires_at: /,
    ),
  });
});

test("a token's expiry follows the simulator's clock: valid for 24 h of it, refused after", async () => {
  const clock = createClock();
  const own = await startSimulator({ iamUsers: [USER], clock: clock.now });
  try {
    const { token } = await issue(passwordBody(USER), 'POST', own);
    clock.advance(24 * 3_600_000 - 1);
    expect((await list(token ?? '', own)).status).toBe(200);
    clock.advance(1);
    expect((await list(token ?? '', own)).status).toBe(401);
  } finally {
    await own.close();
  }
});

test('revoked tokens are refused', async () => {
  const { token } = await issue(passwordBody(USER));
  sim.revokeIamTokens();
  expect((await list(token ?? '')).status).toBe(401);
});

test('IAM faults apply to the token endpoint only', async () => {
  sim.iamFaults.enqueue({ kind: 'serverError', status: 503 });
  expect((await list(DEMO_TOKEN)).status).toBe(200);
  expect((await issue(passwordBody(USER))).status).toBe(503);
  expect((await issue(passwordBody(USER))).status).toBe(201);
});
