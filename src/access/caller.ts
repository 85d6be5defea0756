import { gatewayError } from '../errors';

/** A caller the gateway let in; `id` is safe to log (never a key or a token). */
export interface Caller {
  id: string;
  /**
   * Who the caller is, for per-caller limits: a tuple of what tells callers apart, used only through an HMAC.
   * Absent where credentials tell no one apart (anonymous: the client's address does).
   */
  key?: readonly string[];
}

/**
 * Authenticates the gateway's own callers. In the service modes every caller borrows the gateway's SWR identity,
 * so this is what keeps the gateway from being an open proxy to it.
 */
export interface CallerAuthenticator {
  /** The caller, or a client-safe `UNAUTHENTICATED` error (HTTP 401); never calls SWR or IAM. */
  authenticate(headers: Pick<Headers, 'get'>): Promise<Caller>;
}

export function unauthenticated(message: string, challenge: string) {
  return gatewayError('UNAUTHENTICATED', message, {
    http: { status: 401, headers: { 'www-authenticate': challenge } },
  });
}

/** The operator's explicit choice: anyone may use the service identity. */
export const anonymousCallers: CallerAuthenticator = {
  authenticate: () => Promise.resolve({ id: 'anonymous' }),
};
