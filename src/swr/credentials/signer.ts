import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud's `SDK-HMAC-SHA256` request signing, as the official SDKs do it: a canonical request, a string to
 * sign, and an HMAC keyed with the SK itself (no key derivation, no region or service scope).
 */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

export interface SignableRequest {
  method: string;
  /** `host[:port]`, exactly as the `host` header will carry it. */
  host: string;
  /** Path with the query string, as sent. */
  path: string;
  /** Every header to sign, `host` excluded (it is added from `host`); names in any case. */
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export interface Signature {
  canonicalRequest: string;
  /** hex(sha256(canonical request)) */
  hashedCanonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  authorization: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** RFC 3986 unreserved characters stay; everything else is `%XX` of its UTF-8 bytes (space `%20`, `*` `%2A`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Form decoding, as the receiving gateway reads a query: `+` is a space, `%XX` its byte. */
function decodeComponent(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

/** Each segment decoded then re-encoded, plus the trailing `/` the SDK always adds. */
export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split('/')
    .map((segment) => percentEncode(decodeURIComponent(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/**
 * Parameters sorted by key, then value (decoded, as the SDKs sort their query map), then keys and values
 * re-encoded; a parameter without `=` keeps an empty value.
 */
export function canonicalQuery(search: string): string {
  if (search === '') return '';
  const pairs = search
    .split('&')
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decodeComponent(key), decodeComponent(value)];
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the `X-Sdk-Date` format. */
export function sdkDate(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '');
}

/** Sign a request with `sk`; `X-Sdk-Date` (and any project/security headers) must already be in `headers`. */
export function sign(request: SignableRequest, accessKey: string, secretKey: string): Signature {
  const mark = request.path.indexOf('?');
  const pathname = mark < 0 ? request.path : request.path.slice(0, mark);
  const search = mark < 0 ? '' : request.path.slice(mark + 1);
  const headers = new Map<string, string>([['host', request.host]]);
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value.trim());
  const names = [...headers.keys()].sort(compare);
  const signedHeaders = names.join(';');
  const date = headers.get('x-sdk-date');
  if (date === undefined) throw new Error('x-sdk-date must be set before signing');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(pathname),
    canonicalQuery(search),
    names.map((name) => `${name}:${headers.get(name)}\n`).join(''),
    signedHeaders,
    sha256Hex(request.body ?? ''),
  ].join('\n');
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const stringToSign = `${SIGNING_ALGORITHM}\n${date}\n${hashedCanonicalRequest}`;
  const signature = createHmac('sha256', secretKey).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    hashedCanonicalRequest,
    stringToSign,
    signedHeaders,
    authorization: `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
