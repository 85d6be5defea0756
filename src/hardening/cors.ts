import { CSRF_HEADERS } from './csrf';

/** Headers a browser frontend may send: the token, correlation and CSRF headers. */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'x-auth-token',
  'authorization',
  'x-request-id',
  'traceparent',
  'tracestate',
  ...CSRF_HEADERS,
].join(', ');

/** The CORS headers of a response to a request from `origin`; undefined when it gets none. */
export type CorsPolicy = (origin: string | undefined) => Readonly<Record<string, string>> | undefined;

/**
 * CORS from an explicit allowlist, for every response the gateway sends (the front door sets these headers before
 * any path answers, and answers preflights). An origin not on the list (or any origin when the list is empty)
 * gets no CORS header at all, and credentials are never granted: the token travels in a header the frontend
 * sets, not in a cookie.
 */
export function corsPolicy(allowed: readonly string[]): CorsPolicy {
  const origins = new Set(allowed);
  return (origin) => {
    if (origin === undefined || !origins.has(origin)) return undefined;
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-expose-headers': 'x-request-id',
      'access-control-max-age': '600',
    };
  };
}
