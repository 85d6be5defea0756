import type { Fault } from '../../src/simulator';
import { type Harness, listCalls } from '../helpers/harness';
import { akskModeHarness, IAM_USER, tokenModeHarness } from '../helpers/serviceModes';

/**
 * Canary scan: distinctive secrets go in, many paths are exercised (success, refusals, upstream and IAM failures,
 * token refresh), and then every log line and every response (body and headers) is searched for them.
 */
const PASSWORD = 'CANARY-PASSWORD-5b0e7c1d';
const API_KEY = 'CANARY-APIKEY-2f9a4d6b8c0e1a3c5e7f9b1d';
const WRONG_KEY = 'CANARY-WRONGKEY-7e5c3a1f9d7b5e3c1a9f7d5b';
const SK = 'CANARY-SK-4c2e8a6f0b9d7e5c3a1f';
const SECURITY_TOKEN = 'CANARY-STS-9d1b3f5a7c9e';
const AK = 'CANARYAK000000000001';

/** A page of its own per request, so that every one reaches SWR (or IAM) instead of the cache. */
let pages = 0;
const nextQuery = () => `{ sharedRepositories(page: { size: ${++pages} }) { totalCount nodes { name } } }`;
const unauthorized: Fault = {
  kind: 'respond',
  status: 401,
  body: {
    error_code: 'APIG.0301',
    error_msg: 'Incorrect IAM authentication information: decrypt token fail',
  },
};

async function exercise(h: Harness): Promise<string[]> {
  const transcript: string[] = [];
  const run = async (headers: Record<string, string>, query = nextQuery()) => {
    const r = await h.gql(query, undefined, { token: null, headers });
    transcript.push(JSON.stringify(r.body), JSON.stringify([...r.headers.entries()]));
  };
  const caller = { 'x-api-key': API_KEY };
  await run(caller);
  await run({ 'x-api-key': WRONG_KEY });
  await run({});
  await run(caller, '{ sharedRepositories(name: "Bad Name") { totalCount } }');
  h.sim.faults.enqueue(unauthorized, 2);
  await run(caller);
  h.sim.faults.enqueue({ kind: 'serverError' });
  await run(caller);
  h.sim.revokeIamTokens();
  await run(caller);
  h.sim.revokeIamTokens();
  h.sim.iamFaults.enqueue({ kind: 'serverError', status: 503 });
  await run(caller);
  await run(caller);
  return transcript;
}

function expectNoSecret(haystack: string, secrets: string[]) {
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(haystack).not.toContain(secret);
}

test('token mode: the password, the API keys and the IAM tokens never reach logs or responses', async () => {
  const h = await tokenModeHarness(
    { IAM_PASSWORD: PASSWORD, CALLER_AUTH: 'api-key', API_KEYS: API_KEY },
    { iamUsers: [{ ...IAM_USER, password: PASSWORD }] },
  );
  try {
    const transcript = await exercise(h);
    const iamTokens = [...new Set(listCalls(h.sim).map((c) => String(c.headers['x-auth-token'])))];
    expect(iamTokens.length).toBeGreaterThanOrEqual(3);
    expectNoSecret(`${h.logs.text}\n${transcript.join('\n')}`, [PASSWORD, API_KEY, WRONG_KEY, ...iamTokens]);
  } finally {
    await h.close();
  }
});

test("token mode: IAM refusing the password doesn't echo it", async () => {
  const h = await tokenModeHarness(
    { IAM_PASSWORD: `${PASSWORD}-wrong`, CALLER_AUTH: 'api-key', API_KEYS: API_KEY },
    { iamUsers: [{ ...IAM_USER, password: PASSWORD }] },
  );
  try {
    const r = await h.gql(nextQuery(), undefined, { token: null, headers: { 'x-api-key': API_KEY } });
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expectNoSecret(`${h.logs.text}\n${JSON.stringify(r.body)}`, [PASSWORD]);
  } finally {
    await h.close();
  }
});

test('aksk mode: the SK, the security token and the API keys never reach logs or responses', async () => {
  const h = await akskModeHarness({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN }, API_KEY);
  try {
    const transcript = await exercise(h);
    // The signed requests did verify (so the canaries were really in use).
    expect(transcript[0]).toContain('"totalCount"');
    expectNoSecret(`${h.logs.text}\n${transcript.join('\n')}`, [SK, SECURITY_TOKEN, API_KEY, WRONG_KEY]);
  } finally {
    await h.close();
  }
});
