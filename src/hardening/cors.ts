import type { CORSOptions } from 'graphql-yoga';
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
];

/**
 * CORS from an explicit allowlist. Yoga's default reflects any origin with credentials; here an origin not
 * on the list (or any origin when the list is empty) gets no CORS header at all, and credentials are never
 * granted: the token travels in a header the frontend sets, not in a cookie.
 */
export function corsFor(allowed: readonly string[]): (request: Request) => CORSOptions {
  const origins = new Set(allowed);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !origins.has(origin)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    };
  };
}
