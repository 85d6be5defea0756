import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { cacheReport } from '../cache';
import type { GatewayContext } from '../context';

/**
 * Say in `extensions.cache` what the cache did for the operation's upstream pages: the most significant
 * status, the oldest page's age, and each page. Absent when the operation used no upstream page.
 */
export function useCacheStatus(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone(payload) {
          return handleStreamOrSingleExecutionResult(payload, ({ args, result, setResult }) => {
            const report = cacheReport(args.contextValue.cacheLookups);
            if (report) setResult({ ...result, extensions: { ...result.extensions, cache: report } });
          });
        },
      };
    },
  };
}
