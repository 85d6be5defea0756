import { TOKEN } from '../helpers/harness';
import {
  askAll,
  askData,
  type Caller,
  codesOf,
  DEPLOYMENTS,
  type Deployment,
  deploymentFixture,
  FIRST_PAGE,
  firstPageOf,
  withToken,
} from '../helpers/matrix';
import { IAM_USER, tokenModeEnv } from '../helpers/serviceModes';

/**
 * The matrix (issue 21), auth modes: passthrough (the default: each caller's own SWR token), and token mode (the
 * gateway's IAM identity, IAM on the simulator) with API-key callers — in every deployment, each query asked by
 * urql and Apollo Client twice, replicas taking turns. One caller's data is never served to another.
 */

const KEY = 'matrix-api-key-0123456789abcdef0123456789';
const OTHER_KEY = 'matrix-api-key-fedcba9876543210fedcba9876';

describe.each(DEPLOYMENTS)('%s', (name) => {
  describe('passthrough (the default)', () => {
    const deployment = deploymentFixture(name);
    let d: Deployment;
    beforeEach(() => {
      d = deployment();
    });

    test('each caller gets only their own data, whoever asked first and whichever replica answers', async () => {
      const [alpha, beta] = ['matrix-auth-alpha', 'matrix-auth-beta'];
      const expected = (token: string) => firstPageOf(d.sim.dataset(token, 'self'));
      expect(expected(alpha)).not.toEqual(expected(beta));
      expect(await askData(d, FIRST_PAGE, withToken(alpha))).toEqual(expected(alpha));
      expect(await askData(d, FIRST_PAGE, withToken(beta))).toEqual(expected(beta));
      expect(await askData(d, FIRST_PAGE, withToken(alpha))).toEqual(expected(alpha));
      // SWR saw each caller's own token, and only that.
      expect(new Set(d.sim.requests.map((r) => r.headers['x-auth-token']))).toEqual(new Set([alpha, beta]));
    });
  });

  describe('token mode with API-key callers', () => {
    const deployment = deploymentFixture(
      name,
      (url) => ({ ...tokenModeEnv(url), CALLER_AUTH: 'api-key', API_KEYS: `${KEY},${OTHER_KEY}` }),
      { iamUsers: [IAM_USER] },
    );
    let d: Deployment;
    beforeEach(() => {
      d = deployment();
    });
    const serviceData = () => firstPageOf(d.sim.dataset(IAM_USER.tenant, 'self'));
    const iamCalls = () => d.sim.requests.filter((r) => r.path === '/v3/auth/tokens');

    test("a caller with a key gets the gateway identity's data, fetched with an IAM token; neither the key nor the caller's own SWR token goes upstream", async () => {
      expect(await askData(d, FIRST_PAGE, { 'x-api-key': KEY })).toEqual(serviceData());
      // One login per replica at most: the IAM token is shared by every request.
      expect(iamCalls().length).toBeLessThanOrEqual(d.replicas.length);
      expect(await askData(d, FIRST_PAGE, { 'x-api-key': KEY, 'x-auth-token': TOKEN })).toEqual(
        serviceData(),
      );
      for (const request of d.sim.requests) {
        const sent = JSON.stringify(request.headers);
        expect(sent).not.toContain(KEY);
        expect(sent).not.toContain(TOKEN);
      }
    });

    test('another key is another caller of the same identity: the same data', async () => {
      expect(await askData(d, FIRST_PAGE, { 'x-api-key': OTHER_KEY })).toEqual(serviceData());
      expect(await askData(d, FIRST_PAGE, { 'x-api-key': KEY })).toEqual(serviceData());
    });

    test.each<[string, Caller]>([
      ['no key', {}],
      ['a wrong key', { 'x-api-key': `${KEY.slice(0, -1)}x` }],
      ['an SWR token instead of a key', withToken(TOKEN)],
    ])(
      '%s: 401 UNAUTHENTICATED before any IAM or SWR call, though the data is in the cache',
      async (_label, caller) => {
        await askData(d, FIRST_PAGE, { 'x-api-key': KEY });
        d.sim.reset();
        // urql's GET without any credential header is refused as a possible CSRF first (see matrix-errors).
        const clients = Object.keys(caller).length === 0 ? (['apollo4', 'apollo4'] as const) : undefined;
        for (const a of await askAll(d, FIRST_PAGE, caller, clients)) {
          expect(a.status).toBe(401);
          expect(codesOf(a)).toEqual(['UNAUTHENTICATED']);
          expect(a.body?.data ?? null).toBeNull();
        }
        expect(d.sim.requests).toHaveLength(0);
      },
    );
  });
});
