import { isCredentialRejected, isStaleEligible } from '../../src/cache';
import { UpstreamError, type UpstreamFailure } from '../../src/swr/upstreamError';

const failure = (kind: UpstreamFailure, status?: number) =>
  new UpstreamError(kind, 'test', status === undefined ? {} : { status });

test.each([
  ['timeout', failure('timeout')],
  ['network', failure('network')],
  ['circuit_open (breaker)', failure('circuit_open')],
  ['busy (bulkhead)', failure('busy')],
  ['http 500', failure('http', 500)],
  ['http 503', failure('http', 503)],
  ['http 429', failure('http', 429)],
])('a stale page may stand in for %s', (_name, error) => {
  expect(isStaleEligible(error)).toBe(true);
});

test.each([
  ['http 400', failure('http', 400)],
  ['http 401', failure('http', 401)],
  ['http 403', failure('http', 403)],
  ['http 404', failure('http', 404)],
  ['invalid body', failure('invalid')],
  ['too large', failure('too_large')],
  ['caller aborted', failure('aborted')],
  ['a non-upstream error', new Error('boom')],
])('a stale page never stands in for %s', (_name, error) => {
  expect(isStaleEligible(error)).toBe(false);
});

test('only an upstream 401 rejects the credential', () => {
  expect(isCredentialRejected(failure('http', 401))).toBe(true);
  expect(isCredentialRejected(failure('http', 403))).toBe(false);
  expect(isCredentialRejected(failure('timeout'))).toBe(false);
});
