import { Secret } from '../../src/config/secret';
import { akskCredential } from '../../src/swr/credentials/aksk';
import { canonicalQuery, canonicalUri, percentEncode, sdkDate, sign } from '../../src/swr/credentials/signer';
import fixture from '../fixtures/signing-vectors.json';

interface Vector {
  method: string;
  url: string;
  query: string[][];
  headers: Record<string, string>;
}

/** The request as it goes on the wire: query in the given order, encoded the common way (not canonically). */
function wire(vector: Vector): { host: string; path: string } {
  const url = new URL(vector.url);
  const query = vector.query.map(([k, v]) => `${encodeURIComponent(k ?? '')}=${encodeURIComponent(v ?? '')}`);
  return { host: url.host, path: `${url.pathname}?${query.join('&')}` };
}

function signVector(vector: Vector, secretKey = fixture.secretKey) {
  return sign(
    { method: vector.method, ...wire(vector), headers: vector.headers },
    fixture.accessKey,
    secretKey,
  );
}

test('vector A: canonical request, its hash and the Authorization header equal the SDK signer', () => {
  const { A } = fixture.vectors;
  const signature = signVector(A);
  expect(signature.canonicalRequest).toBe(A.canonicalRequest.join('\n'));
  expect(signature.hashedCanonicalRequest).toBe(A.hashedCanonicalRequest);
  expect(signature.authorization).toBe(A.authorization);
});

test('vector B: space, *, quote and parentheses are percent-encoded and ~ kept, as the SDK signs them', () => {
  const { B } = fixture.vectors;
  const signature = signVector(B);
  expect(signature.canonicalRequest.split('\n')[2]).toBe(B.canonicalQuery);
  expect(signature.hashedCanonicalRequest).toBe(B.hashedCanonicalRequest);
  expect(signature.authorization).toBe(B.authorization);
});

test("vector C: Huawei's published example gives the published hash and signature", () => {
  const { C } = fixture.vectors;
  const signature = signVector(C, C.secretKey);
  expect(signature.signedHeaders).toBe(C.signedHeaders);
  expect(signature.hashedCanonicalRequest).toBe(C.hashedCanonicalRequest);
  expect(signature.authorization).toBe(
    `SDK-HMAC-SHA256 Access=${fixture.accessKey}, SignedHeaders=${C.signedHeaders}, Signature=${C.signature}`,
  );
});

test('the AK/SK credential adds X-Sdk-Date and X-Project-Id and reproduces vector A', async () => {
  const { A } = fixture.vectors;
  const credential = akskCredential({
    accessKey: fixture.accessKey,
    secretKey: new Secret(fixture.secretKey),
    projectId: '0123456789abcdef0123456789abcdef',
    now: () => Date.UTC(2024, 0, 1),
  });
  const { path } = wire(A);
  const headers = await credential.authorize({
    method: 'GET',
    origin: 'https://swr-api.cn-north-4.myhuaweicloud.com',
    path,
    headers: { 'content-type': 'application/json' },
  });
  expect(headers).toEqual({
    'x-sdk-date': '20240101T000000Z',
    'x-project-id': '0123456789abcdef0123456789abcdef',
    authorization: A.authorization,
  });
});

test('the AK/SK identity names the AK and project, never the SK', () => {
  const credential = akskCredential({
    accessKey: 'AK1',
    secretKey: new Secret('the-secret-key'),
    projectId: 'p1',
  });
  expect(credential.identity).toBe('aksk:AK1@p1');
});

test('temporary credentials send and sign X-Security-Token', async () => {
  const credential = akskCredential({
    accessKey: 'AK1',
    secretKey: new Secret('sk'),
    securityToken: new Secret('sec-token'),
  });
  const headers = await credential.authorize({
    method: 'GET',
    origin: 'http://127.0.0.1:8080',
    path: '/v2/manage/shared-repositories?center=self',
    headers: { 'content-type': 'application/json' },
  });
  expect(headers['x-security-token']).toBe('sec-token');
  expect(headers.authorization).toContain('SignedHeaders=content-type;host;x-sdk-date;x-security-token,');
});

test('percent-encoding keeps only unreserved characters and encodes UTF-8 bytes', () => {
  expect(percentEncode("a b*~'()!-_.")).toBe('a%20b%2A~%27%28%29%21-_.');
  expect(percentEncode('ü/$')).toBe('%C3%BC%2F%24');
});

test('the canonical URI re-encodes each segment and always ends with a slash', () => {
  expect(canonicalUri('/v1/a%20b/c')).toBe('/v1/a%20b/c/');
  expect(canonicalUri('/v1/x/')).toBe('/v1/x/');
});

test('the canonical query sorts by decoded key then value and keeps = for an empty value', () => {
  expect(canonicalQuery('b=2&a-b=1&a=3&a=1&empty')).toBe('a=1&a=3&a-b=1&b=2&empty=');
  expect(canonicalQuery('name=x+y%2By')).toBe('name=x%20y%2By');
});

test('X-Sdk-Date is YYYYMMDDTHHMMSSZ in UTC', () => {
  expect(sdkDate(new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 999)))).toBe('20191115T033655Z');
});
