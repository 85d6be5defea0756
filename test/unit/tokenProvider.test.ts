import { Secret } from '../../src/config/secret';
import { createLogger } from '../../src/logger';
import type { IamPasswordIdentity, IssuedToken } from '../../src/swr/credentials/iam';
import { IamTokenCredential, type TokenSource } from '../../src/swr/credentials/tokenProvider';
import { UpstreamError } from '../../src/swr/upstreamError';

const IDENTITY: IamPasswordIdentity = {
  domain: 'acme',
  user: 'svc',
  password: new Secret('pw'),
  project: 'cn-north-4',
};
const HOUR = 3_600_000;

/** A controllable IAM: each call is held until the test settles it; tokens are t1, t2, ... */
function fakeIam(clock: { now: number }, lifetimeMs = 24 * HOUR) {
  const calls: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const source: TokenSource = {
    issueToken() {
      const n = calls.length + 1;
      return new Promise<IssuedToken>((resolve, reject) => {
        calls.push({
          resolve: () => resolve({ token: new Secret(`t${n}`), expiresAt: clock.now + lifetimeMs }),
          reject,
        });
      });
    },
  };
  return { source, calls };
}

function setup(lifetimeMs?: number, refreshBeforeMs = 10 * 60_000) {
  const clock = { now: Date.UTC(2024, 0, 1) };
  const iam = fakeIam(clock, lifetimeMs);
  const credential = new IamTokenCredential({
    iam: iam.source,
    identity: IDENTITY,
    refreshBeforeMs,
    logger: createLogger('silent'),
    now: () => clock.now,
  });
  const token = async () => (await credential.authorize())['x-auth-token'];
  /** Let pending promise callbacks run. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** The first token, t1, fetched and held. */
  const prime = async () => {
    const first = token();
    await settle();
    iam.calls[0]?.resolve();
    expect(await first).toBe('t1');
  };
  return { clock, iam, credential, token, settle, prime };
}

test('the identity names domain, user and project, not the password', () => {
  expect(setup().credential.identity).toBe('iam:acme/svc@cn-north-4');
});

test('fifty concurrent first requests share one IAM call', async () => {
  const { iam, token, settle } = setup();
  const all = Promise.all(Array.from({ length: 50 }, token));
  await settle();
  expect(iam.calls).toHaveLength(1);
  iam.calls[0]?.resolve();
  expect(new Set(await all)).toEqual(new Set(['t1']));
});

test('inside the refresh window the current token is used while one refresh runs', async () => {
  const { clock, iam, token, settle, prime } = setup();
  await prime();
  clock.now += 24 * HOUR - 9 * 60_000; // 9 minutes before expiry, refresh starts at 10
  expect(await Promise.all([token(), token(), token()])).toEqual(['t1', 't1', 't1']);
  expect(iam.calls).toHaveLength(2);
  iam.calls[1]?.resolve();
  await settle();
  expect(await token()).toBe('t2');
  expect(iam.calls).toHaveLength(2);
});

test('before the refresh window no IAM call is made', async () => {
  const { clock, iam, token, prime } = setup();
  await prime();
  clock.now += 24 * HOUR - 11 * 60_000;
  expect(await token()).toBe('t1');
  expect(iam.calls).toHaveLength(1);
});

test('a token at its expiry is never sent: callers wait for the new one', async () => {
  const { clock, iam, token, settle, prime } = setup();
  await prime();
  clock.now += 24 * HOUR - 1000;
  let settled = false;
  const next = token().then((t) => {
    settled = true;
    return t;
  });
  await settle();
  expect(settled).toBe(false);
  iam.calls[1]?.resolve();
  expect(await next).toBe('t2');
});

test('the refresh point is capped at half of a short lifetime', async () => {
  const { clock, iam, token, prime } = setup(60_000, 10 * 60_000);
  await prime();
  clock.now += 29_000;
  await token();
  expect(iam.calls).toHaveLength(1);
  clock.now += 2_000;
  expect(await token()).toBe('t1');
  expect(iam.calls).toHaveLength(2);
});

test('a failed background refresh keeps the valid token in use and is retried 10 s later', async () => {
  const { clock, iam, token, settle, prime } = setup();
  await prime();
  clock.now += 24 * HOUR - 5 * 60_000;
  expect(await token()).toBe('t1');
  iam.calls[1]?.reject(new UpstreamError('network', 'IAM down', { upstream: 'IAM' }));
  await settle();
  expect(await token()).toBe('t1');
  expect(iam.calls).toHaveLength(2);
  clock.now += 10_001;
  expect(await token()).toBe('t1');
  expect(iam.calls).toHaveLength(3);
});

test('a failed fetch with no token reaches every waiting caller, and the next request tries again', async () => {
  const { iam, token, settle } = setup();
  const waiting = Promise.allSettled([token(), token()]);
  await settle();
  iam.calls[0]?.reject(new UpstreamError('network', 'IAM down', { upstream: 'IAM' }));
  expect((await waiting).map((r) => r.status)).toEqual(['rejected', 'rejected']);
  const again = token();
  await settle();
  expect(iam.calls).toHaveLength(2);
  iam.calls[1]?.resolve();
  expect(await again).toBe('t2');
});

test('concurrent 401s for the same token cause one refresh; a 401 for an already replaced token causes none', async () => {
  const { credential, iam, token, settle, prime } = setup();
  await prime();
  const renewals = Promise.all([
    credential.onUnauthorized({ 'x-auth-token': 't1' }),
    credential.onUnauthorized({ 'x-auth-token': 't1' }),
  ]);
  await settle();
  expect(iam.calls).toHaveLength(2);
  iam.calls[1]?.resolve();
  expect(await renewals).toEqual([true, true]);
  expect(await credential.onUnauthorized({ 'x-auth-token': 't1' })).toBe(true);
  expect(iam.calls).toHaveLength(2);
  expect(await token()).toBe('t2');
});
