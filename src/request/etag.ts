import { createHmac, randomBytes } from 'node:crypto';

/**
 * `ETag` / `If-None-Match` for query results, so browsers and frontends revalidate instead of re-downloading. The
 * front door and yoga's plugin both tag and compare with these functions.
 *
 * - Only GET: RFC 9110 allows a 304 only for GET/HEAD (other methods get 412), and GET is what browsers cache
 *   and revalidate by themselves. Only queries that executed without errors; a partial or failed result is
 *   never declared unchanged.
 * - Weak (`W/"…"`): the tag is a MAC of the result's `data` only. `extensions` say how this particular answer
 *   was produced (e.g. `extensions.cache` status and age) and differ between equivalent answers, so the bodies
 *   are semantically, not byte-for-byte, equal: exactly what a weak validator means (RFC 9110 §8.8.1).
 * - Per caller: the MAC also covers whose data it is (the credential identity) and uses a secret key (derived from
 *   `CACHE_HMAC_SECRET` when set, so every replica tags alike; else random per process), so the tag cannot be
 *   computed from a token or a guessed body, and one caller's tag never validates another's response, even when
 *   the data is the same. `Vary` names the credential headers and `Cache-Control: private, no-cache` keeps the
 *   body out of shared caches and makes browsers ask each time. Without a shared secret a restart (or another
 *   replica) only turns a would-be 304 into a 200.
 * - A 304 still runs the query (the gateway needs the result to compare); it saves the transfer and the
 *   client's re-render.
 */
export interface ETagSigner {
  /** The tag of `dataJson` (text or its UTF-8 bytes: the same tag) for `identity`, chained after `previous`. */
  tagOf(identity: string, dataJson: string | Uint8Array, previous?: string): string;
  /**
   * `tagOf` for bytes that never change (a kept result's), remembered with them: a repeated GET of a kept result
   * does not MAC its whole data again.
   */
  tagOfKept(identity: string, data: Buffer): string;
}

/**
 * `sharedSecret`: replicas that share one (`CACHE_HMAC_SECRET`, which a shared Redis requires) tag alike, so a
 * client revalidates at any of them; without one the key is random per process.
 */
export function createETagSigner(sharedSecret?: string): ETagSigner {
  const key =
    sharedSecret === undefined
      ? randomBytes(32)
      : createHmac('sha256', sharedSecret).update('swr-graphql-gateway etag key').digest();
  const tagOf: ETagSigner['tagOf'] = (identity, dataJson, previous = '') =>
    createHmac('sha256', key)
      .update(identity)
      .update('\u0000')
      .update(previous)
      .update(dataJson)
      .digest('base64url')
      .slice(0, 32);
  // Per signer (each has its own key), and gone with the bytes.
  const kept = new WeakMap<Buffer, { identity: string; tag: string }>();
  return {
    tagOf,
    tagOfKept(identity, data) {
      const known = kept.get(data);
      if (known?.identity === identity) return known.tag;
      const tag = tagOf(identity, data);
      kept.set(data, { identity, tag });
      return tag;
    },
  };
}

/** The headers every tagged answer carries, besides the tag. */
export const ETAG_HEADERS = { 'cache-control': 'private, no-cache', vary: 'Authorization, X-Auth-Token' };

/** Response headers a 304 keeps; it carries no body, so no content headers. */
export const REVALIDATION_HEADERS = ['cache-control', 'etag', 'vary'];

/** The header value of a tag. */
export function weakETag(tag: string): string {
  return `W/"${tag}"`;
}

/**
 * Whether an `If-None-Match` value matches `etag`. RFC 9110 §13.1.2: weak comparison (a `W/` prefix is
 * ignored), `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/** `Vary` with `names` added to what it already lists (case-insensitive, in order, no repeats). */
export function varyWith(present: string | null | undefined, names: readonly string[]): string {
  const listed = (present ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const lower = new Set(listed.map((name) => name.toLowerCase()));
  return [...listed, ...names.filter((name) => !lower.has(name.toLowerCase()))].join(', ');
}
