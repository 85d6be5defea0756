import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import { DEMO_TOKEN } from '../../src/simulator';
import { LogCapture } from '../helpers/logs';

const API_KEY = 'e2e-api-key-0123456789abcdef0123456789';
const Q = JSON.stringify({
  query: '{ sharedRepositories(page: { size: 2 }) { totalCount nodes { name } } }',
});

/** The whole process as `npm start` builds it: embedded simulator, real sockets, the configured mode. */
async function withGateway(env: Record<string, string>, run: (g: RunningGateway) => Promise<void>) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    CALLER_AUTH: 'api-key',
    API_KEYS: API_KEY,
    ...env,
  });
  const gateway = await startGateway(config, createLogger('silent', new LogCapture()));
  try {
    await run(gateway);
  } finally {
    await gateway.close();
  }
}

async function query(gateway: RunningGateway, headers: Record<string, string>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: Q,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test.each<[string, Record<string, string>]>([
  [
    'token',
    {
      SWR_AUTH_MODE: 'token',
      IAM_DOMAIN: 'acme',
      IAM_USER: 'svc',
      IAM_PASSWORD: 'e2e-password',
      IAM_PROJECT: 'cn-north-4',
    },
  ],
  [
    'aksk',
    { SWR_AUTH_MODE: 'aksk', SWR_AK: 'E2EACCESSKEY00000001', SWR_SK: 'e2e-secret-key', SWR_PROJECT_ID: 'p1' },
  ],
])(
  '%s mode works end to end against the embedded simulator, for authenticated callers only',
  async (_mode, env) => {
    await withGateway(env, async (gateway) => {
      const expected = gateway.simulator?.dataset(DEMO_TOKEN, 'self').length;
      const ok = await query(gateway, { 'x-api-key': API_KEY });
      expect(ok.body).toMatchObject({ data: { sharedRepositories: { totalCount: expected } } });
      const refused = await query(gateway, { 'x-auth-token': DEMO_TOKEN });
      expect(refused.status).toBe(401);
      expect(gateway.simulator?.requestCount('/v2/manage/shared-repositories')).toBe(1);
      // A long-running simulator counts requests but keeps none (they would pile up, tokens and all).
      expect(gateway.simulator?.requests).toHaveLength(0);
    });
  },
);

test('health and the GraphiQL page stay reachable without caller authentication; operations do not', async () => {
  const env = { SWR_AUTH_MODE: 'aksk', SWR_AK: 'E2EACCESSKEY00000001', SWR_SK: 'e2e-secret-key' };
  await withGateway(env, async (gateway) => {
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    const page = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('demo-token');
    expect((await query(gateway, {})).status).toBe(401);
    expect(gateway.simulator?.requestCount()).toBe(0);
  });
});
