import type { UpstreamAdmission } from '../swr/client';
import { UpstreamError } from '../swr/upstreamError';
import type { Budget } from './budget';

/**
 * The upstream budget as the SWR client asks it: one use per HTTP request to SWR, per SWR identity (the service
 * identity, or each caller's token in passthrough). Spent: the request is not made, and the `budget` failure
 * says when the window ends; the page cache then serves what it may (stale-if-error) or the field fails with
 * RATE_LIMITED.
 */
export function upstreamAdmission(budget: Budget): UpstreamAdmission {
  return {
    async admit(credential) {
      const decision = await budget.take(['swr-identity', credential.identity]);
      if (!decision.allowed) {
        throw new UpstreamError('budget', 'upstream budget spent', { retryAfterMs: decision.resetMs });
      }
    },
  };
}
