import type { IncomingHttpHeaders } from 'node:http';
import { isAkskRequest, type SignedRequest, type SimulatedAccessKey, verifyAksk } from './aksk';
import type { SimulatedIam } from './iam';

/**
 * Who is calling the SWR endpoint, as APIG decides it: an AK/SK signature, a token this simulator's IAM issued,
 * or any other token (its own tenant, or the `expired-`/`invalid-` failures `answerList` plays).
 */
export type Principal = { tenant: string | undefined } | { failure: string };

export interface Authorities {
  iam: SimulatedIam;
  accessKeys: ReadonlyMap<string, SimulatedAccessKey>;
}

function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-auth-token'];
  return Array.isArray(header) ? header[0] : header;
}

export function authenticate(request: SignedRequest, authorities: Authorities, now: number): Principal {
  if (isAkskRequest(request.headers)) return verifyAksk(request, authorities.accessKeys, now);
  const token = tokenOf(request.headers);
  const issued = token === undefined ? undefined : authorities.iam.verify(token);
  return issued ?? { tenant: token };
}
