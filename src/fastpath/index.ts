import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UpstreamCache } from '../cache';
import type { Config } from '../config';
import { createContextBuilder } from '../context';
import type { Logger } from '../logger';
import type { Operations } from '../operations';
import { createETagSigner, type ETagSigner } from '../plugins/etag';
import { schema } from '../schema';
import type { SwrClient } from '../swr/client';
import { createDirectExecutor } from './direct';
import { createFastPath } from './handler';
import { ResultCache } from './resultCache';
import { VettedOperations } from './vetted';

export { useResultCapture } from './capture';
export { ResultCache } from './resultCache';

export interface FastPath {
  results: ResultCache;
  etag: ETagSigner;
  /** Documents yoga accepted, which the fast path may run directly; the app records them. */
  vetted: VettedOperations;
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void>;
}

/**
 * The fast path when it can be correct: passthrough mode (the credential is the caller's token, so no caller
 * authentication is skipped) with the page cache on (it is what says whether a kept result is still current),
 * and not in trusted-documents-only mode (every request must pass the document check there).
 */
export function createFastPathFor(
  config: Config,
  cache: UpstreamCache,
  logger: Logger,
  ops: Operations,
  client: SwrClient,
): FastPath | undefined {
  if (!config.fastPath.enabled || !config.cache.enabled || config.swrAuth.mode !== 'passthrough')
    return undefined;
  if (config.trustedDocuments && !config.trustedDocuments.allowArbitrary) return undefined;
  const results = new ResultCache({
    maxEntries: config.fastPath.maxResults,
    maxBytes: config.fastPath.maxBytes,
  });
  const etag = createETagSigner();
  const vetted = new VettedOperations();
  const { metrics } = ops;
  metrics?.registerStats({
    name: 'gateway_fast_path_results',
    help: 'Query results kept for the fast path',
    type: 'gauge',
    read: () => [{ value: results.size }],
  });
  metrics?.registerStats({
    name: 'gateway_fast_path_result_bytes',
    help: 'Approximate bytes of the query results kept for the fast path',
    type: 'gauge',
    read: () => [{ value: results.bytes }],
  });
  const handle = createFastPath({
    results,
    cache,
    etag,
    logger,
    graphqlEndpoint: '/graphql',
    maxBodyBytes: Math.min(config.limits.maxBodyBytes, 64 * 1024),
    execute: createDirectExecutor({
      schema,
      vetted,
      buildContext: createContextBuilder({ config, logger, client, cache }),
      maxCost: config.limits.maxCost,
      defaultPageSize: config.paging.defaultSize,
    }),
    // While draining, yoga answers (it closes connections so clients move to another instance).
    enabled: () => !ops.drain.active,
    onServed({ method, status, seconds, executed }) {
      metrics?.recordRequest({
        method,
        route: '/graphql',
        status,
        seconds,
        operation: executed && {
          type: executed.operationType,
          name: executed.operationName,
          upstreamCalls: executed.upstreamCalls,
        },
      });
    },
  });
  return { results, etag, vetted, handle };
}
