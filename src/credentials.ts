import { tokenCredential, type UpstreamCredential } from './swr/credential';

/** The caller's SWR token: `X-Auth-Token`, or `Authorization: Bearer <token>`. */
export function callerCredential(headers: Headers): UpstreamCredential | null {
  const direct = headers.get('x-auth-token')?.trim();
  if (direct) return tokenCredential(direct);
  const auth = headers.get('authorization')?.trim();
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return match?.[1] ? tokenCredential(match[1]) : null;
}
