import { sha256Hex } from './random';

const IAM_PREFIX = 'Incorrect IAM authentication information:';

/** A fixed instant in 2024 shifted per token: always in the past, yet different between tokens. */
function pastExpiry(token: string): string {
  const offsetSeconds = Number.parseInt(sha256Hex(token).slice(0, 6), 16) % (180 * 86_400);
  return new Date(Date.UTC(2024, 0, 1) + offsetSeconds * 1000).toISOString().replace('Z', '000Z');
}

/**
 * APIG's verdict on a token, or null when it is accepted. `expired-…` and `invalid-…` tokens play the
 * two failures a real client meets after login; every other non-empty token is a tenant of its own.
 */
export function authenticationFailure(token: string | undefined): string | null {
  if (token === undefined || token.trim() === '') return `${IAM_PREFIX} x-auth-token not found`;
  if (token.startsWith('expired-')) return `${IAM_PREFIX} token expires, expires_at: ${pastExpiry(token)}`;
  if (token.startsWith('invalid-')) return `${IAM_PREFIX} decrypt token fail`;
  return null;
}
