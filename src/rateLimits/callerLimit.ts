import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Access, RequestAccess } from '../access/access';
import type { CallerAuthConfig } from '../config';
import { ErrorCode, gatewayError } from '../errors';
import { clientAddress } from '../request/clientAddress';
import type { RequestFinisher } from '../request/finish';
import { NodeHeaders, nodeHeader } from '../request/headers';
import { chooseResultMediaType } from '../request/negotiation';
import type { RequestState } from '../request/state';
import type { Budget, Decision } from './budget';
import { limitHeader, policyHeader, secondsUntilReset } from './headers';

export interface CallerLimitDeps {
  budget: Budget;
  access: Access;
  /** How callers authenticate: it says what tells one caller from another. */
  mode: CallerAuthConfig['mode'];
  /** Proxies whose `X-Forwarded-For` is believed (anonymous callers are told apart by address). */
  trustProxy: number;
  finish: RequestFinisher;
}

/** The front door's caller limit, before the fast path and yoga alike. */
export interface CallerLimit {
  /**
   * Resolves the request's caller into `state` (or the refusal of its credentials), counts the request against
   * it and sets the RateLimit headers; a request over its caller's limit is answered here (429) and true returned.
   */
  admit(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<boolean>;
}

/**
 * Who a request counts against: the SWR token in passthrough (either header form: one token, one caller), the
 * authenticated caller in the service modes, the client address for anonymous callers. Undefined: a request
 * without credentials, which counts against nobody (it is refused as UNAUTHENTICATED, or reads nothing of SWR).
 */
export function callerKeyOf(
  mode: CallerAuthConfig['mode'],
  access: RequestAccess,
  address: () => string,
): readonly string[] | undefined {
  if (mode === 'anonymous') return ['address', address()];
  if (mode === 'none') return access.credential ? ['swr-token', access.credential.identity] : undefined;
  return access.callerKey;
}

/** The one refusal: 429 under every `Accept`, with `Retry-After`, and a GraphQL error without data. */
function refuse(req: IncomingMessage, res: ServerResponse, decision: Decision): void {
  const seconds = secondsUntilReset(decision);
  const error = gatewayError(ErrorCode.RATE_LIMITED, `Too many requests; retry in ${seconds} s.`, {
    retryable: true,
    retryAfterSeconds: seconds,
  });
  const body = Buffer.from(JSON.stringify({ errors: [error.toJSON()] }), 'utf8');
  // The media type the request accepts; `application/json` when it accepts no JSON at all.
  const mediaType = chooseResultMediaType(nodeHeader(req.headers, 'accept')).json ?? 'application/json';
  res.writeHead(429, {
    'content-type': `${mediaType}; charset=utf-8`,
    'content-length': String(body.length),
    'retry-after': String(seconds),
  });
  res.end(body);
}

export function createCallerLimit(deps: CallerLimitDeps): CallerLimit {
  const policy = policyHeader(deps.budget.rate);
  return {
    async admit(req, res, state) {
      let access: RequestAccess;
      try {
        access = await deps.access.resolve({ headers: new NodeHeaders(req.headers) } as unknown as Request);
      } catch (refusal) {
        // Authentication first: a caller not let in is refused as such (by the path that answers) and counts
        // against nobody.
        state.accessRefusal = refusal;
        return false;
      }
      state.access = access;
      state.record.caller = access.caller;
      const who = callerKeyOf(deps.mode, access, () =>
        clientAddress(req.socket.remoteAddress, nodeHeader(req.headers, 'x-forwarded-for'), deps.trustProxy),
      );
      if (who === undefined) return false;
      const decision = await deps.budget.take(who);
      res.setHeader('ratelimit-policy', policy);
      res.setHeader('ratelimit', limitHeader(decision));
      if (decision.allowed) return false;
      state.record.errorCodes.push(ErrorCode.RATE_LIMITED);
      refuse(req, res, decision);
      deps.finish(state.record, 429);
      return true;
    },
  };
}
