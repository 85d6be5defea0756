import type { Access } from '../access/access';
import type { UpstreamCache } from '../cache';
import type { Config } from '../config';
import { createContextBuilder } from '../context';
import { createDirectExecutor } from '../execution/direct';
import { KeptResults } from '../execution/keptResults';
import type { KnownOperations } from '../execution/knownOperation';
import type { Logger } from '../logger';
import type { Operations } from '../ops';
import type { ETagSigner } from '../request/etag';
import type { RequestFinisher } from '../request/finish';
import { schema } from '../schema';
import type { SwrClient } from '../swr/client';
import type { Tracer } from '../tracing/tracer';
import { createFastPath, type FastPath } from './fastPath';

export { KeptResults } from '../execution/keptResults';
export type { FastPath } from './fastPath';

export interface FastPathParts {
  fastPath: FastPath;
  /** The kept results: the fast path answers from them, yoga's execution fills them too. */
  results: KeptResults;
}

export interface FastPathDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  access: Access;
  cache: UpstreamCache;
  documents: KnownOperations;
  etag: ETagSigner;
  finish: RequestFinisher;
  ops: Operations;
  /** Traces operations and page lookups; absent when tracing is off. */
  tracer: Tracer | undefined;
}

/**
 * The fast path when it can be correct: the page cache on (it is what says whether a kept result is still
 * current), and not in trusted-documents-only mode (every request must pass the document check there: a document
 * yoga ran by its id must not run when sent as text).
 */
export function createFastPathFor(deps: FastPathDeps): FastPathParts | undefined {
  const { config, cache, ops, tracer } = deps;
  if (!config.fastPath.enabled || !config.cache.enabled) return undefined;
  if (config.trustedDocuments && !config.trustedDocuments.allowArbitrary) return undefined;
  const results = new KeptResults({
    maxEntries: config.fastPath.maxResults,
    maxBytes: config.fastPath.maxBytes,
  });
  ops.metrics?.registerStats({
    name: 'gateway_fast_path_results',
    help: 'Query results kept for the fast path',
    type: 'gauge',
    read: () => [{ value: results.size }],
  });
  ops.metrics?.registerStats({
    name: 'gateway_fast_path_result_bytes',
    help: 'Approximate bytes of the query results kept for the fast path',
    type: 'gauge',
    read: () => [{ value: results.bytes }],
  });
  const fastPath = createFastPath({
    results,
    documents: deps.documents,
    cache,
    access: deps.access,
    etag: deps.etag,
    finish: deps.finish,
    maxBodyBytes: config.limits.maxBodyBytes,
    graphiql: config.graphiql,
    tracer,
    execute: createDirectExecutor({
      schema,
      buildContext: createContextBuilder({ config, logger: deps.logger, client: deps.client, cache, tracer }),
      maxCost: config.limits.maxCost,
      defaultPageSize: config.paging.defaultSize,
      tracer,
    }),
  });
  ops.metrics?.registerStats({
    name: 'gateway_fast_path_answers_total',
    help: 'Requests the fast path answered, from a kept result or by direct execution',
    type: 'counter',
    labelNames: ['answer'],
    read: () => [
      { labels: { answer: 'kept' }, value: fastPath.answers.kept },
      { labels: { answer: 'direct' }, value: fastPath.answers.direct },
    ],
  });
  return { fastPath, results };
}
