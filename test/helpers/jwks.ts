import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An identity provider for tests: a JWKS on a free port and a signer for tokens, all from node:crypto. */
export interface TestIdentityProvider {
  jwksUrl: string;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** A compact JWT; `alg` RS256 (default) or ES256, with a key from the JWKS unless `key` says otherwise. */
  sign(
    claims: Record<string, unknown>,
    options?: { alg?: 'RS256' | 'ES256'; key?: 'published' | 'rogue' },
  ): string;
  close(): Promise<void>;
}

const b64url = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function keyPair(alg: 'RS256' | 'ES256'): KeyPair {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: `${alg}-${randomUUID()}`, ...pair };
}

export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const published = { RS256: keyPair('RS256'), ES256: keyPair('ES256') };
  const rogue = { RS256: keyPair('RS256'), ES256: keyPair('ES256') };
  let fetches = 0;
  const jwks = {
    keys: Object.entries(published).map(([alg, pair]) => ({
      ...pair.publicKey.export({ format: 'jwk' }),
      kid: pair.kid,
      alg,
      use: 'sig',
    })),
  };
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    sign(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      // A rogue key claims the published key's kid: only the signature can tell them apart.
      const pair = (options.key === 'rogue' ? rogue : published)[alg];
      const input = `${b64url({ alg, typ: 'JWT', kid: published[alg].kid })}.${b64url(claims)}`;
      const signature = createSign('sha256')
        .update(input)
        .sign(alg === 'ES256' ? { key: pair.privateKey, dsaEncoding: 'ieee-p1363' } : pair.privateKey);
      return `${input}.${signature.toString('base64url')}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
