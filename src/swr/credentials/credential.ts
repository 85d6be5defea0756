/** What the upstream client needs to authenticate one outgoing request. */
export interface OutgoingRequest {
  method: 'GET' | 'POST';
  /** Origin of the SWR endpoint, e.g. https://swr-api.cn-north-4.myhuaweicloud.com */
  origin: string;
  /** Path with the canonical query string, exactly as sent. */
  path: string;
  /** Headers already on the request (lowercase names). */
  headers: Readonly<Record<string, string>>;
}

/**
 * How requests are authenticated upstream. The client never sees where the secret comes from: the caller's
 * token (passthrough), a service IAM token or an AK/SK signature all look the same to it.
 */
export interface UpstreamCredential {
  /**
   * Whose data the answer is: the cache keys on this (only ever through an HMAC, never raw). In passthrough it is
   * the caller's token; with a service identity it names that identity.
   */
  readonly identity: string;
  /** The authentication headers for one request. */
  authorize(request: OutgoingRequest): Record<string, string> | Promise<Record<string, string>>;
  /**
   * SWR answered 401 to a request carrying `rejected` (what `authorize` returned). A credential that can renew
   * itself (a service IAM token) does so and answers true: the client then retries once. May throw the renewal's
   * failure. Absent (passthrough, AK/SK): the 401 stands.
   */
  onUnauthorized?(rejected: Readonly<Record<string, string>>): Promise<boolean>;
}

/** Passthrough: the caller's own IAM token goes upstream as `X-Auth-Token`. */
export function tokenCredential(token: string): UpstreamCredential {
  return { identity: token, authorize: () => ({ 'x-auth-token': token }) };
}
