import type { IncomingHttpHeaders } from 'node:http';
import { AK_LOCKED_MESSAGE, type AkLockout } from './akLockout';
import { accessKeyOf, isAkskRequest, type SignedRequest, type SimulatedAccessKey, verifyAksk } from './aksk';
import type { SimulatedIam } from './iam';

/**
 * Who is calling the SWR endpoint, as APIG decides it: an AK/SK signature, a token this simulator's IAM issued,
 * or any other token (its own tenant, or the `expired-`/`invalid-` failures `answerList` plays).
 */
export type Principal = { tenant: string | undefined } | { failure: string };

export interface Authorities {
  iam: SimulatedIam;
  accessKeys: ReadonlyMap<string, SimulatedAccessKey>;
  lockout: AkLockout;
}

function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-auth-token'];
  return Array.isArray(header) ? header[0] : header;
}

/** A known AK's outcomes count towards its lock; an unknown one has nothing to lock. */
function authenticateAksk(request: SignedRequest, authorities: Authorities, now: number): Principal {
  const ak = accessKeyOf(request.headers);
  const known = ak !== undefined && authorities.accessKeys.has(ak);
  if (known && authorities.lockout.isLocked(ak, now)) return { failure: AK_LOCKED_MESSAGE };
  const verdict = verifyAksk(request, authorities.accessKeys, now);
  if (known) authorities.lockout.record(ak, !('failure' in verdict), now);
  return verdict;
}

export function authenticate(request: SignedRequest, authorities: Authorities, now: number): Principal {
  if (isAkskRequest(request.headers)) return authenticateAksk(request, authorities, now);
  const token = tokenOf(request.headers);
  const issued = token === undefined ? undefined : authorities.iam.verify(token);
  return issued ?? { tenant: token };
}
