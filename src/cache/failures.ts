import { UpstreamError, type UpstreamFailure } from '../swr/upstreamError';

/** Failures that say "SWR could not answer right now", not "SWR said no". */
const UNAVAILABLE: ReadonlySet<UpstreamFailure> = new Set([
  'timeout',
  'network',
  'circuit_open',
  'busy',
  'budget',
]);

/**
 * May a stale page stand in for this failure (stale-if-error)? Yes when SWR timed out, was unreachable,
 * was shed by the breaker or bulkhead, answered 5xx, or throttled (429), or the gateway's own upstream budget is
 * spent (the call SWR would throttle is not made). Never for an answer about the
 * request or the caller (400/401/403/404), a malformed or oversized body, or a caller that went away.
 */
export function isStaleEligible(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (UNAVAILABLE.has(error.failure)) return true;
  if (error.failure !== 'http' || error.status === undefined) return false;
  return error.status >= 500 || error.status === 429;
}

/** SWR rejected the credential itself: everything cached for it must go. */
export function isCredentialRejected(error: unknown): boolean {
  return error instanceof UpstreamError && error.failure === 'http' && error.status === 401;
}

/** For logs: what failed, never the token, URL or body. */
export function describeFailure(error: unknown): Record<string, unknown> {
  return error instanceof UpstreamError
    ? { failure: error.failure, status: error.status, upstreamCode: error.upstreamCode }
    : { failure: 'unexpected' };
}
