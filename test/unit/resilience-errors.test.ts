import type { GraphQLError } from 'graphql';
import { toClientError } from '../../src/errors';
import { abortedError, UpstreamError } from '../../src/swr/upstreamError';

test.each([
  ['circuit_open', 'UPSTREAM_UNAVAILABLE'],
  ['busy', 'UPSTREAM_BUSY'],
  ['timeout', 'UPSTREAM_TIMEOUT'],
] as const)('%s reaches the client as %s, retryable', (failure, code) => {
  const error = toClientError(
    new UpstreamError(failure, 'internal detail for https://swr.example'),
  ) as GraphQLError;
  expect(error.extensions).toEqual({ code, retryable: true });
  expect(error.message).not.toContain('swr.example');
});

test('an aborted signal is a timeout when the deadline passed, and "aborted" when the caller left', () => {
  const deadline = new AbortController();
  deadline.abort(new DOMException('deadline', 'TimeoutError'));
  expect(abortedError(deadline.signal).failure).toBe('timeout');
  const caller = new AbortController();
  caller.abort();
  expect(abortedError(caller.signal).failure).toBe('aborted');
});
