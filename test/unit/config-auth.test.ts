import { inspect } from 'node:util';
import { ConfigError, loadConfig, SETTINGS } from '../../src/config';
import { regionEndpoints } from '../../src/swr/credentials/endpoints';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const TOKEN = {
  SWR_AUTH_MODE: 'token',
  IAM_DOMAIN: 'acme',
  IAM_USER: 'svc',
  IAM_PASSWORD: 'pw-canary-7d1f',
  CALLER_AUTH: 'anonymous',
};
const AKSK = { SWR_AUTH_MODE: 'aksk', SWR_AK: 'AK1', SWR_SK: 'sk-canary-91ab', CALLER_AUTH: 'anonymous' };

test('passthrough is the default and needs no caller authentication', () => {
  const c = loadConfig({});
  expect(c.swrAuth).toEqual({ mode: 'passthrough' });
  expect(c.callerAuth).toEqual({ mode: 'none' });
});

test('SWR_REGION derives the SWR endpoint, the IAM endpoint and the project', () => {
  const c = loadConfig({ ...TOKEN, SWR_REGION: 'cn-north-4' });
  expect(c.swrEndpoint?.href).toBe('https://swr-api.cn-north-4.myhuaweicloud.com/');
  expect(c.swrAuth).toMatchObject({
    iamEndpoint: new URL('https://iam.cn-north-4.myhuaweicloud.com'),
    identity: { project: 'cn-north-4' },
  });
});

test('eu-west-101 lives on myhuaweicloud.eu', () => {
  const { swr, iam } = regionEndpoints('eu-west-101');
  expect(swr.href).toBe('https://swr-api.eu-west-101.myhuaweicloud.eu/');
  expect(iam.href).toBe('https://iam.eu-west-101.myhuaweicloud.eu/');
  expect(regionEndpoints('ap-southeast-1').swr.host).toBe('swr-api.ap-southeast-1.myhuaweicloud.com');
});

test('explicit endpoints and project override what the region derives', () => {
  const c = loadConfig({
    ...TOKEN,
    SWR_REGION: 'cn-north-4',
    SWR_ENDPOINT: 'https://swr.internal.example',
    IAM_ENDPOINT: 'https://iam.internal.example',
    IAM_PROJECT: 'cn-north-4_dev',
  });
  expect(c.swrEndpoint?.href).toBe('https://swr.internal.example/');
  expect(c.swrAuth).toMatchObject({
    iamEndpoint: new URL('https://iam.internal.example'),
    identity: { project: 'cn-north-4_dev' },
  });
});

test('token mode with the embedded simulator asks IAM of the simulator (no IAM endpoint needed)', () => {
  const c = loadConfig({ ...TOKEN, IAM_PROJECT: 'cn-north-4' });
  expect(c.swrEndpoint).toBeUndefined();
  expect(c.swrAuth).toMatchObject({ mode: 'token', iamEndpoint: undefined });
});

test('token mode names every missing setting', () => {
  const problems = problemsOf({ SWR_AUTH_MODE: 'token' }).join('\n');
  for (const name of ['IAM_DOMAIN', 'IAM_USER', 'IAM_PASSWORD', 'IAM_PROJECT', 'CALLER_AUTH'])
    expect(problems).toContain(`${name} is required`);
});

test('token mode against a real SWR endpoint needs an IAM endpoint or a region', () => {
  const problems = problemsOf({ ...TOKEN, IAM_PROJECT: 'p', SWR_ENDPOINT: 'https://swr.example.com' });
  expect(problems).toEqual([expect.stringMatching(/^IAM_ENDPOINT is required/)]);
});

test('aksk mode names every missing setting', () => {
  const problems = problemsOf({ SWR_AUTH_MODE: 'aksk' }).join('\n');
  for (const name of ['SWR_AK', 'SWR_SK', 'CALLER_AUTH']) expect(problems).toContain(`${name} is required`);
});

test('aksk mode carries the optional project id and security token', () => {
  const c = loadConfig({ ...AKSK, SWR_PROJECT_ID: 'p1', SWR_SECURITY_TOKEN: 'st' });
  expect(c.swrAuth).toMatchObject({ mode: 'aksk', accessKey: 'AK1', projectId: 'p1' });
});

test('settings of another mode are named as contradictory', () => {
  const problems = problemsOf({
    SWR_AK: 'AK',
    IAM_USER: 'u',
    CALLER_AUTH: 'api-key',
    API_KEYS: 'k'.repeat(40),
    JWT_ISSUER: 'https://issuer',
  });
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^SWR_AK is set, but it is only used when SWR_AUTH_MODE=aksk/),
      expect.stringMatching(/^IAM_USER is set, but it is only used when SWR_AUTH_MODE=token/),
      expect.stringMatching(/^CALLER_AUTH is set, but SWR_AUTH_MODE is passthrough/),
      expect.stringMatching(/^JWT_ISSUER is set, but it is only used when CALLER_AUTH=jwt/),
    ]),
  );
  expect(problemsOf({ ...AKSK, IAM_PASSWORD: 'x' })).toEqual([
    expect.stringMatching(
      /^IAM_PASSWORD is set, but it is only used when SWR_AUTH_MODE=token \(SWR_AUTH_MODE is aksk\)/,
    ),
  ]);
  expect(problemsOf({ ...AKSK, CALLER_AUTH: 'jwt', API_KEYS: 'k'.repeat(40) }).join('\n')).toContain(
    'API_KEYS is set, but it is only used when CALLER_AUTH=api-key',
  );
});

test('jwt caller authentication names each missing setting and refuses weak choices', () => {
  const problems = problemsOf({
    ...AKSK,
    CALLER_AUTH: 'jwt',
    JWT_ALGORITHMS: 'RS256,HS256',
  }).join('\n');
  for (const name of ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'])
    expect(problems).toContain(`${name} is required`);
  expect(problems).toContain('JWT_ALGORITHMS must list values from');
  expect(
    problemsOf({
      ...AKSK,
      CALLER_AUTH: 'jwt',
      JWT_JWKS_URL: 'http://idp.example.com/jwks',
      JWT_ISSUER: 'i',
      JWT_AUDIENCE: 'a',
    }),
  ).toEqual([expect.stringMatching(/^JWT_JWKS_URL must use https/)]);
});

test('a cleartext IAM endpoint is refused except on loopback', () => {
  expect(problemsOf({ ...TOKEN, IAM_PROJECT: 'p', IAM_ENDPOINT: 'http://iam.example.com' })).toEqual([
    expect.stringMatching(/^IAM_ENDPOINT must use https/),
  ]);
  expect(() =>
    loadConfig({ ...TOKEN, IAM_PROJECT: 'p', IAM_ENDPOINT: 'http://127.0.0.1:4010' }),
  ).not.toThrow();
});

test('api keys must be long; the problem names the entry, never the key', () => {
  const problems = problemsOf({
    ...AKSK,
    CALLER_AUTH: 'api-key',
    API_KEYS: `${'k'.repeat(40)},short-canary-key`,
  });
  expect(problems).toEqual(['API_KEYS entry 2 must be at least 32 characters long']);
  expect(problemsOf({ ...AKSK, CALLER_AUTH: 'api-key' })).toEqual([
    expect.stringMatching(/^API_KEYS is required when CALLER_AUTH=api-key/),
  ]);
});

test('an invalid region or mode is named', () => {
  const problems = problemsOf({ SWR_REGION: 'North China 4', SWR_AUTH_MODE: 'oauth' }).join('\n');
  expect(problems).toContain('SWR_REGION must be a region name');
  expect(problems).toContain('SWR_AUTH_MODE must be one of passthrough, token, aksk');
});

test('secrets appear neither in problem messages nor in the serialized config', () => {
  const problems = problemsOf({ ...AKSK, IAM_PASSWORD: 'pw-canary-7d1f', PORT: 'x' }).join('\n');
  expect(problems).not.toMatch(/canary/);
  const config = loadConfig({ ...AKSK, SWR_SECURITY_TOKEN: 'st-canary-33' });
  expect(JSON.stringify(config)).not.toMatch(/canary/);
  expect(inspect(config, { depth: 10 })).not.toMatch(/canary/);
});

test('every default written in .env.example loads as it is (tuning knobs never count as contradictions)', () => {
  const env: Record<string, string> = {};
  for (const [name, setting] of Object.entries(SETTINGS))
    if (setting.example !== '') env[name] = setting.example;
  expect(() => loadConfig(env)).not.toThrow();
});
