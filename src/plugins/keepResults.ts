import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { UpstreamCache } from '../cache';
import type { GatewayContext } from '../context';
import { type KeptResults, keepableDeps } from '../execution/keptResults';
import { resultKeyOf } from '../execution/resultKey';
import { requestStateOf } from '../request/state';
import { utf8Bytes } from '../support/utf8';

/**
 * Keep the result of a known query that yoga executed on current pages (each HIT or MISS, none stale), under the
 * key the front door looks it up by. Anything else — errors, stale pages, no credential, a document the table did
 * not admit — is never kept. Only a key asked for before is worth serializing the result for.
 */
export function useKeepResults(
  results: KeptResults,
  cache: UpstreamCache,
): Plugin<GatewayContext & YogaInitialContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue;
      const state = requestStateOf(context, context.request);
      const { credential } = context;
      if (!credential) return undefined;
      return {
        onExecuteDone({ result }) {
          const known = state.known;
          if (known === undefined || isAsyncIterable(result) || result.errors?.length) return;
          const deps = keepableDeps(context.cacheLookups);
          if (!deps) return;
          const key =
            state.resultKey ?? resultKeyOf(cache.ownerOf(credential), known.id, context.params.variables);
          if (key !== undefined && results.admit(key))
            results.set(key, { json: utf8Bytes(JSON.stringify(result.data)), deps });
        },
      };
    },
  };
}
