import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import {
  ETAG_HEADERS,
  type ETagSigner,
  ifNoneMatchHits,
  REVALIDATION_HEADERS,
  varyWith,
  weakETag,
} from '../request/etag';

/** Yoga's side of `ETag`/`If-None-Match` (see `src/request/etag.ts`), with the signer the front door uses. */
export function useETag(signer: ETagSigner): Plugin<GatewayContext & YogaInitialContext> {
  /** Per request: the tag of the result's data when the response may carry an ETag, null once it must not. */
  const validators = new WeakMap<Request, string | null>();

  return {
    onExecute({ args }) {
      const { request, credential } = args.contextValue;
      if (request.method !== 'GET') return undefined;
      const isQuery = getOperationAST(args.document, args.operationName)?.operation === 'query';
      return {
        onExecuteDone({ result }) {
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
    onResponse({ request, response, setResponse, fetchAPI }) {
      const tag = validators.get(request);
      if (request.method !== 'GET' || tag == null || response.status !== 200) return;
      if (!/^application\/(graphql-response\+)?json\b/.test(response.headers.get('content-type') ?? ''))
        return;
      const etag = weakETag(tag);
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('etag', etag);
      headers.set('cache-control', ETAG_HEADERS['cache-control']);
      headers.set('vary', varyWith(headers.get('vary'), ETAG_HEADERS.vary.split(', ')));
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
