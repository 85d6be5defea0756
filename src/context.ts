import type { YogaInitialContext } from 'graphql-yoga';
import { type CacheLookup, type UpstreamCache, uncachedPages, wantsFreshAnswer } from './cache';
import type { Config } from './config';
import { callerCredential } from './credentials';
import { credentialsRequired } from './errors';
import { createPageLoader, type PageLoader } from './loaders';
import type { Logger } from './logger';
import { requestIdOf } from './requestId';
import type { ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credential';
import type { WireListQuery } from './swr/wire';

/** Everything a resolver may use; built fresh for every request. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  credential: UpstreamCredential | null;
  paging: Config['paging'];
  /** Number of upstream pages this request did not get from the cache (for logs and response extensions). */
  upstreamCalls: number;
  /** What the cache did for each distinct upstream page (reported in `extensions.cache`). */
  cacheLookups: CacheLookup[];
  /** Load one upstream page through the per-request loader; needs a credential. */
  loadPage(query: WireListQuery): Promise<ListResult>;
}

export interface ContextDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  /** The process-wide upstream cache; without one every page goes to SWR (BYPASS). */
  cache?: UpstreamCache;
}

export function createContextFactory(deps: ContextDeps) {
  const pages = deps.cache ?? uncachedPages(deps.client);
  return (initial: YogaInitialContext): GatewayContext => {
    const { request } = initial;
    const requestId = requestIdOf(request);
    const credential = callerCredential(request.headers);
    let loader: PageLoader | undefined;
    const context: GatewayContext = {
      requestId,
      logger: deps.logger.child({ requestId }),
      credential,
      paging: deps.config.paging,
      upstreamCalls: 0,
      cacheLookups: [],
      loadPage(query: WireListQuery): Promise<ListResult> {
        if (!credential) return Promise.reject(credentialsRequired());
        const options = { requestId, signal: request.signal, fresh: wantsFreshAnswer(request.headers) };
        loader ??= createPageLoader(pages, credential, options, (lookup) => {
          context.cacheLookups.push(lookup);
          if (lookup.status === 'MISS' || lookup.status === 'BYPASS') context.upstreamCalls++;
        });
        return loader.load(query);
      },
    };
    return context;
  };
}
