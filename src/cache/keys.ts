import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { UpstreamCredential } from '../swr/credentials/credential';
import { canonicalListQuery } from '../swr/query';
import { SHARED_REPOSITORIES_PATH, type WireListQuery } from '../swr/wire';

/** Bumped when the stored format changes, so replicas of different versions never read each other's entries. */
const FORMAT = 'v1';

/** Credentials whose owner HMAC is remembered (a few MB at most: identities are tokens of a few KB). */
const OWNERS_REMEMBERED = 1000;

export interface CacheKey {
  /** HMAC of the credential's identity: groups every entry of one credential (dropped together on 401). */
  readonly owner: string;
  /** The whole key: owner + the canonical upstream request. Contains no secret. */
  readonly id: string;
}

export interface Keyer {
  keyFor(credential: UpstreamCredential, origin: string, query: WireListQuery): CacheKey;
  ownerOf(credential: UpstreamCredential): string;
}

/**
 * Keys are HMAC-SHA256(secret, identity) plus the canonical request (origin, path, sorted query): two
 * credentials never share an entry, and neither a key nor a value ever holds the token. Without a configured
 * secret a random one is made, which is safe for one process and useless across replicas (config enforces a
 * shared secret with Redis).
 */
export function createKeyer(secret: string | undefined): Keyer {
  const key = secret ?? randomBytes(32).toString('hex');
  // Every request needs its credential's owner, often twice (fast path, page cache): the HMAC is made once per
  // identity and remembered for the most recent ones.
  const owners = new LRUCache<string, string>({ max: OWNERS_REMEMBERED });
  const ownerOf = (credential: UpstreamCredential) => {
    let owner = owners.get(credential.identity);
    if (owner === undefined) {
      owner = createHmac('sha256', key).update(credential.identity, 'utf8').digest('base64url');
      owners.set(credential.identity, owner);
    }
    return owner;
  };
  return {
    ownerOf,
    keyFor(credential, origin, query) {
      const owner = ownerOf(credential);
      const request = `${origin}${SHARED_REPOSITORIES_PATH}?${canonicalListQuery(query)}`;
      return { owner, id: `${FORMAT}:${owner}:${request}` };
    },
  };
}
