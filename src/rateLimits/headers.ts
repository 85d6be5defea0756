import type { Rate } from '../config';
import type { Decision } from './budget';

/**
 * The IETF RateLimit header fields, as draft-ietf-httpapi-ratelimit-headers-11 writes them (Structured Field
 * lists): `RateLimit-Policy: "caller";q=100;w=60` (the quota and its window in seconds) and
 * `RateLimit: "caller";r=42;t=17` (what is left after this request, and the seconds until the window ends). The
 * draft allows whole seconds only: `w` is left out for a window that is not a whole number of seconds.
 */
const POLICY = '"caller"';

export function policyHeader(rate: Rate): string {
  const window = rate.windowMs % 1000 === 0 ? `;w=${rate.windowMs / 1000}` : '';
  return `${POLICY};q=${rate.count}${window}`;
}

/** Whole seconds until the window ends, at least 1: waiting that long is enough. */
export function secondsUntilReset(decision: Decision): number {
  return Math.max(1, Math.ceil(decision.resetMs / 1000));
}

export function limitHeader(decision: Decision): string {
  return `${POLICY};r=${decision.remaining};t=${secondsUntilReset(decision)}`;
}
