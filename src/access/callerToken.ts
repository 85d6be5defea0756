import { tokenCredential, type UpstreamCredential } from '../swr/credentials/credential';

/**
 * The caller's SWR token: `X-Auth-Token`, or `Authorization: Bearer <token>`. `header` reads one request header
 * by lowercase name, so Fetch `Headers` and Node's raw request headers share this one rule.
 */
export function callerToken(header: (name: string) => string | null | undefined): string | undefined {
  const direct = header('x-auth-token')?.trim();
  if (direct) return direct;
  const auth = header('authorization')?.trim();
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return match?.[1] || undefined;
}

export function callerCredential(headers: Pick<Headers, 'get'>): UpstreamCredential | null {
  const token = callerToken((name) => headers.get(name));
  return token ? tokenCredential(token) : null;
}
