import type { IncomingHttpHeaders } from 'node:http';
import { type SimulatedAccessKey, verifyAksk } from '../../src/simulator/aksk';
import fixture from '../fixtures/signing-vectors.json';

/** The simulator's verifier shares no code with the gateway's signer: here it is checked against the vectors. */
const KEYS = new Map<string, SimulatedAccessKey>([
  [fixture.accessKey, { ak: fixture.accessKey, sk: fixture.secretKey, tenant: 'vector-tenant' }],
]);
const JAN_1_2024 = Date.UTC(2024, 0, 1);

function vectorRequest(vector: typeof fixture.vectors.A | typeof fixture.vectors.B, authorization: string) {
  const url = new URL(vector.url);
  const query = vector.query.map(([k, v]) => `${encodeURIComponent(k ?? '')}=${encodeURIComponent(v ?? '')}`);
  const headers: IncomingHttpHeaders = { host: url.host, authorization };
  for (const [name, value] of Object.entries(vector.headers)) headers[name.toLowerCase()] = value;
  return { method: 'GET', target: `${url.pathname}?${query.join('&')}`, headers, body: Buffer.alloc(0) };
}

test('vector A as received verifies and maps to its tenant', () => {
  const { A } = fixture.vectors;
  expect(verifyAksk(vectorRequest(A, A.authorization), KEYS, JAN_1_2024)).toEqual({
    tenant: 'vector-tenant',
  });
});

test('vector B, with encoded reserved characters in the query, verifies', () => {
  const { B } = fixture.vectors;
  expect(verifyAksk(vectorRequest(B, B.authorization), KEYS, JAN_1_2024)).toEqual({
    tenant: 'vector-tenant',
  });
});

test('a wrong signature is refused with the rebuilt canonical request, newlines shown as |', () => {
  const { A } = fixture.vectors;
  const forged = A.authorization.replace(/Signature=\w/, 'Signature=0');
  const verdict = verifyAksk(vectorRequest(A, forged), KEYS, JAN_1_2024);
  expect(verdict).toEqual({
    failure: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${A.canonicalRequest.join('|')}`,
  });
});

test('a changed query value breaks the signature', () => {
  const { A } = fixture.vectors;
  const request = vectorRequest(A, A.authorization);
  request.target = request.target.replace('name=nginx', 'name=redis');
  expect(verifyAksk(request, KEYS, JAN_1_2024)).toHaveProperty(
    'failure',
    expect.stringContaining('name=redis'),
  );
});

test('an unknown AK is refused as not existing', () => {
  const { A } = fixture.vectors;
  const other = A.authorization.replace(fixture.accessKey, 'UNKNOWNAK');
  expect(verifyAksk(vectorRequest(A, other), KEYS, JAN_1_2024)).toEqual({
    failure: 'Incorrect IAM authentication information: ak UNKNOWNAK not exist',
  });
});

test.each([
  ['16 minutes late', 16],
  ['16 minutes early', -16],
])('a date %s is refused', (_label, minutes) => {
  const { A } = fixture.vectors;
  const verdict = verifyAksk(vectorRequest(A, A.authorization), KEYS, JAN_1_2024 + minutes * 60_000);
  expect(verdict).toHaveProperty('failure', expect.stringContaining('more than 15 minutes'));
});

test('a date 14 minutes off is still accepted', () => {
  const { A } = fixture.vectors;
  const verdict = verifyAksk(vectorRequest(A, A.authorization), KEYS, JAN_1_2024 + 14 * 60_000);
  expect(verdict).toEqual({ tenant: 'vector-tenant' });
});

test('temporary credentials without their security token are refused', () => {
  const { A } = fixture.vectors;
  const keys = new Map([
    [fixture.accessKey, { ak: fixture.accessKey, sk: fixture.secretKey, securityToken: 't' }],
  ]);
  expect(verifyAksk(vectorRequest(A, A.authorization), keys, JAN_1_2024)).toHaveProperty(
    'failure',
    expect.stringContaining('security token'),
  );
});
