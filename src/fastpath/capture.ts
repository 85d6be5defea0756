import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { UpstreamCache } from '../cache';
import type { GatewayContext } from '../context';
import { keepableDeps, type ResultCache } from './resultCache';
import { utf8Bytes } from './utf8';

interface Params {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/**
 * Keep the result of a repeated query that succeeded on current pages (each HIT or MISS, none stale), keyed like
 * the fast path looks it up. Anything else — errors, stale pages, no credential, a mutation — is never kept.
 */
export function useResultCapture(
  results: ResultCache,
  cache: UpstreamCache,
): Plugin<GatewayContext & YogaInitialContext> {
  const paramsOf = new WeakMap<Request, Params>();
  return {
    onParams({ params, request }) {
      paramsOf.set(request, params as Params);
    },
    onExecute({ args }) {
      const { request, credential, cacheLookups } = args.contextValue;
      const params = paramsOf.get(request);
      if (!credential || typeof params?.query !== 'string') return undefined;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return undefined;
      const query = params.query;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || result.errors?.length) return;
          const deps = keepableDeps(cacheLookups);
          if (!deps) return;
          const key = results.keyOf(cache.ownerOf(credential), query, params.operationName, params.variables);
          if (results.admit(key)) results.set(key, { json: utf8Bytes(JSON.stringify(result.data)), deps });
        },
      };
    },
  };
}
