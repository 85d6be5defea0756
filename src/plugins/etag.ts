import { createHmac, randomBytes } from 'node:crypto';
import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { GatewayContext } from '../context';

/** Response headers a 304 repeats; it carries no body, so no content headers. */
const REVALIDATION_HEADERS = ['cache-control', 'etag', 'vary', 'x-request-id'];

/**
 * Whether an `If-None-Match` value matches `etag`. RFC 9110 §13.1.2: weak comparison (a `W/` prefix is
 * ignored), `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag.replace(/^W\//, '');
  });
}

function addVary(headers: Headers, names: string[]): void {
  const present = (headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const lower = new Set(present.map((name) => name.toLowerCase()));
  headers.set('vary', [...present, ...names.filter((name) => !lower.has(name.toLowerCase()))].join(', '));
}

/**
 * `ETag` / `If-None-Match` for query results, so browsers and frontends revalidate instead of re-downloading.
 *
 * - Only GET: RFC 9110 allows a 304 only for GET/HEAD (other methods get 412), and GET is what browsers cache
 *   and revalidate by themselves. Only queries that executed without errors; a partial or failed result is
 *   never declared unchanged.
 * - Weak (`W/"…"`): the tag is a MAC of the result's `data` only. `extensions` say how this particular answer
 *   was produced (e.g. `extensions.cache` status and age) and differ between equivalent answers, so the bodies
 *   are semantically, not byte-for-byte, equal: exactly what a weak validator means (RFC 9110 §8.8.1).
 * - Per caller: the MAC also covers whose data it is (the credential identity) and uses a random per-process
 *   key, so the tag cannot be computed from a token or a guessed body, and one caller's tag never validates
 *   another's response, even when the data is the same. `Vary` names the credential headers and
 *   `Cache-Control: private, no-cache` keeps the body out of shared caches and makes browsers ask each time.
 *   A restart (or another replica) only turns a would-be 304 into a 200.
 * - A 304 still runs the query upstream (the gateway needs the result to compare); it saves the transfer and
 *   the client's re-render.
 */
/** Makes the tags: one random key per process, shared by the plugin and the fast path so both agree. */
export interface ETagSigner {
  /** The tag of `dataJson` (text or its UTF-8 bytes: the same tag) for `identity`, chained after `previous`. */
  tagOf(identity: string, dataJson: string | Buffer, previous?: string): string;
}

export function createETagSigner(): ETagSigner {
  const key = randomBytes(32);
  return {
    tagOf: (identity, dataJson, previous = '') =>
      createHmac('sha256', key)
        .update(identity)
        .update('\u0000')
        .update(previous)
        .update(dataJson)
        .digest('base64url')
        .slice(0, 32),
  };
}

/** The headers every tagged answer carries. */
export const ETAG_HEADERS = { 'cache-control': 'private, no-cache', vary: 'Authorization, X-Auth-Token' };

export function useETag(
  signer: ETagSigner = createETagSigner(),
): Plugin<GatewayContext & YogaInitialContext> {
  /** Per request: the tag of the result's data when the response may carry an ETag, null once it must not. */
  const validators = new WeakMap<Request, string | null>();

  return {
    onExecute({ args }) {
      const { request, credential } = args.contextValue;
      const isQuery = getOperationAST(args.document, args.operationName)?.operation === 'query';
      return {
        onExecuteDone({ result }) {
          if (request.method !== 'GET') return;
          const clean = isQuery && !isAsyncIterable(result) && !result.errors?.length;
          // A batch with any operation that may not be tagged leaves the whole response untagged.
          if (!clean || validators.get(request) === null) {
            validators.set(request, null);
            return;
          }
          const previous = validators.get(request) ?? '';
          validators.set(
            request,
            signer.tagOf(credential?.identity ?? '', JSON.stringify(result.data), previous),
          );
        },
      };
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const tag = validators.get(request);
      if (request.method !== 'GET' || tag == null || response.status !== 200) return;
      if (!/^application\/(graphql-response\+)?json\b/.test(response.headers.get('content-type') ?? ''))
        return;
      const etag = `W/"${tag}"`;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('etag', etag);
      headers.set('cache-control', ETAG_HEADERS['cache-control']);
      addVary(headers, ETAG_HEADERS.vary.split(', '));
      if (ifNoneMatchHits(request.headers.get('if-none-match'), etag)) {
        const kept = new fetchAPI.Headers();
        for (const name of REVALIDATION_HEADERS) {
          const value = headers.get(name);
          if (value !== null) kept.set(name, value);
        }
        setResponse(new fetchAPI.Response(null, { status: 304, headers: kept }));
        return;
      }
      setResponse(new fetchAPI.Response(response.body, { status: 200, headers }));
    },
  };
}
