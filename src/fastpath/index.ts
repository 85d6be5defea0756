import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UpstreamCache } from '../cache';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createETagSigner, type ETagSigner } from '../plugins/etag';
import { createFastPath } from './handler';
import { ResultCache } from './resultCache';

export { useResultCapture } from './capture';
export { ResultCache, resultKey } from './resultCache';

export interface FastPath {
  results: ResultCache;
  etag: ETagSigner;
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void>;
}

/**
 * The fast path when it can be correct: passthrough mode (the credential is the caller's token, so no caller
 * authentication is skipped) with the page cache on (it is what says whether a kept result is still current).
 */
export function createFastPathFor(
  config: Config,
  cache: UpstreamCache,
  logger: Logger,
): FastPath | undefined {
  if (!config.fastPath.enabled || !config.cache.enabled || config.swrAuth.mode !== 'passthrough')
    return undefined;
  const results = new ResultCache(config.fastPath.maxResults);
  const etag = createETagSigner();
  const handle = createFastPath({
    results,
    cache,
    etag,
    logger,
    graphqlEndpoint: '/graphql',
    maxBodyBytes: 64 * 1024,
  });
  return { results, etag, handle };
}
