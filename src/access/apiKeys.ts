import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret';
import { type CallerAuthenticator, unauthenticated } from './caller';

export const API_KEY_HEADER = 'x-api-key';
const CHALLENGE = 'ApiKey header="X-Api-Key"';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Callers present one of the configured keys in `X-Api-Key`. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every key without stopping at a match: the time taken reveals neither a key's
 * length nor how much of it was right, nor which key matched.
 */
export function apiKeyAuthenticator(keys: readonly Secret[]): CallerAuthenticator {
  const digests = keys.map((key) => digest(key.reveal()));
  return {
    authenticate(headers) {
      const given = headers.get(API_KEY_HEADER)?.trim();
      if (!given) {
        return Promise.reject(unauthenticated('An API key is required in the X-Api-Key header.', CHALLENGE));
      }
      const candidate = digest(given);
      let matched = 0;
      digests.forEach((known, index) => {
        if (timingSafeEqual(known, candidate) && matched === 0) matched = index + 1;
      });
      if (matched === 0) return Promise.reject(unauthenticated('The API key is not valid.', CHALLENGE));
      // The key itself (as its digest), not its place in API_KEYS: replicas listing keys in another order agree.
      return Promise.resolve({ id: `api-key:${matched}`, key: ['api-key', candidate.toString('base64url')] });
    },
  };
}
