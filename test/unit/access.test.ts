import { createAccess } from '../../src/access/access';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

const logger = createLogger('silent');
const SWR = new URL('http://127.0.0.1:9');
const KEYS = ['key-one-0123456789abcdef0123456789', 'key-two-0123456789abcdef0123456789'];

function request(headers: Record<string, string>): Request {
  return new Request('http://gateway.test/graphql', { method: 'POST', headers });
}

test('passthrough: the cache identity is the caller token', async () => {
  const { access } = createAccess({ config: loadConfig({}), swrEndpoint: SWR, logger });
  const a = await access.resolve(request({ 'x-auth-token': 'token-a' }));
  const b = await access.resolve(request({ authorization: 'Bearer token-b' }));
  expect([a.credential?.identity, b.credential?.identity]).toEqual(['token-a', 'token-b']);
});

test.each([
  ['aksk', { SWR_AUTH_MODE: 'aksk', SWR_AK: 'AK9', SWR_SK: 'sk', SWR_PROJECT_ID: 'p9' }, 'aksk:AK9@p9'],
  [
    'token',
    {
      SWR_AUTH_MODE: 'token',
      IAM_DOMAIN: 'acme',
      IAM_USER: 'svc',
      IAM_PASSWORD: 'pw',
      SWR_REGION: 'cn-north-4',
    },
    'iam:acme/svc@cn-north-4',
  ],
])(
  '%s: every caller shares the service identity, whatever SWR token it sends',
  async (_mode, env, identity) => {
    const config = loadConfig({ ...env, CALLER_AUTH: 'api-key', API_KEYS: KEYS.join(',') });
    const setup = createAccess({ config, swrEndpoint: SWR, logger });
    try {
      const one = await setup.access.resolve(request({ 'x-api-key': KEYS[0] ?? '', 'x-auth-token': 'mine' }));
      const two = await setup.access.resolve(request({ 'x-api-key': KEYS[1] ?? '' }));
      expect([one.credential?.identity, two.credential?.identity]).toEqual([identity, identity]);
      expect([one.caller, two.caller]).toEqual(['api-key:1', 'api-key:2']);
    } finally {
      await setup.close();
    }
  },
);
