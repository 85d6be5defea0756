import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DEMO_TOKEN } from './demo';

/**
 * APIG's side of `SDK-HMAC-SHA256`: rebuild the canonical request from what arrived and compare signatures.
 * Written from the algorithm on purpose, sharing no code with the gateway's signer, so that agreement between
 * the two means something.
 */

/** An AK/SK pair the simulator knows. */
export interface SimulatedAccessKey {
  ak: string;
  sk: string;
  /** Temporary credentials: requests must carry this `X-Security-Token`. */
  securityToken?: string;
  /** Whose SWR data the pair sees; default `aksk:{ak}`. */
  tenant?: string;
}

/** Built in, so that aksk mode works against the simulator with no setup (`docs/auth.md`, docker-compose). */
export const DEMO_ACCESS_KEY: SimulatedAccessKey = {
  ak: 'DEMOACCESSKEY0000001',
  sk: 'demo-secret-key-0000000000000000000000001',
  tenant: DEMO_TOKEN,
};

/** APIG accepts an `X-Sdk-Date` at most this far from its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

export interface SignedRequest {
  method: string;
  /** The request target as received: path and raw query. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type AkskVerdict = { tenant: string } | { failure: string };

const PREFIX = 'Incorrect IAM authentication information:';
const AUTHORIZATION =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

export function isAkskRequest(headers: IncomingHttpHeaders): boolean {
  return headers.authorization?.startsWith('SDK-HMAC-SHA256') ?? false;
}

/** The AK a well-formed `Authorization` header names, whether or not its signature holds. */
export function accessKeyOf(headers: IncomingHttpHeaders): string | undefined {
  return AUTHORIZATION.exec(headerText(headers, 'authorization'))?.[1];
}

/** Byte by byte: unreserved characters stay, every other UTF-8 byte becomes `%XX` (upper case). */
function encodeStrict(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function headerText(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

function rebuildCanonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const mark = request.target.indexOf('?');
  const rawPath = mark < 0 ? request.target : request.target.slice(0, mark);
  const segments = rawPath.split('/').map((segment) => encodeStrict(decodeURIComponent(segment)));
  let uri = segments.join('/');
  if (!uri.endsWith('/')) uri += '/';
  // Sorted by the decoded key, then value (as the SDKs sort their query map), and only then encoded.
  const parameters = [...new URLSearchParams(mark < 0 ? '' : request.target.slice(mark + 1))]
    .sort(([ak, av], [bk, bv]) => byText(ak, bk) || byText(av, bv))
    .map(([key, value]) => `${encodeStrict(key)}=${encodeStrict(value)}`);
  const headerLines = signedHeaders.map((name) => `${name}:${headerText(request.headers, name)}\n`).join('');
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  return `${request.method}\n${uri}\n${parameters.join('&')}\n${headerLines}\n${signedHeaders.join(';')}\n${bodyHash}`;
}

function parseSdkDate(value: string): number | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

/** Verify an AK/SK-signed request against the known pairs; `now` is the simulator's clock. */
export function verifyAksk(
  request: SignedRequest,
  keys: ReadonlyMap<string, SimulatedAccessKey>,
  now: number,
): AkskVerdict {
  const match = AUTHORIZATION.exec(headerText(request.headers, 'authorization'));
  if (!match) return { failure: `${PREFIX} Authorization header is not a valid SDK-HMAC-SHA256 signature` };
  const [, ak = '', signedList = '', signature = ''] = match;
  const key = keys.get(ak);
  if (key === undefined) return { failure: `${PREFIX} ak ${ak} not exist` };
  const date = headerText(request.headers, 'x-sdk-date');
  const at = parseSdkDate(date);
  if (at === undefined) return { failure: `${PREFIX} x-sdk-date is missing or not YYYYMMDDTHHMMSSZ` };
  if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS) {
    return { failure: `${PREFIX} x-sdk-date ${date} is more than 15 minutes off the server time` };
  }
  if (
    key.securityToken !== undefined &&
    headerText(request.headers, 'x-security-token') !== key.securityToken
  ) {
    return { failure: `${PREFIX} security token is invalid` };
  }
  const signedHeaders = signedList.split(';');
  const canonical = rebuildCanonicalRequest(request, signedHeaders);
  const stringToSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', key.sk).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  const mustBeSigned = ['host', 'x-sdk-date'].every((name) => signedHeaders.includes(name));
  if (!mustBeSigned || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      failure: `${PREFIX} verify aksk signature fail, canonicalRequest:${canonical.replaceAll('\n', '|')}`,
    };
  }
  return { tenant: key.tenant ?? `aksk:${key.ak}` };
}
