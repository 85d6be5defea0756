import type { YogaInitialContext } from 'graphql-yoga';
import { type Access, passthroughAccess } from './access';
import { type CacheLookup, type UpstreamCache, uncachedPages, wantsFreshAnswer } from './cache';
import type { Config } from './config';
import { credentialsRequired } from './errors';
import { CENTERS } from './listing';
import { createPageLoader, type PageLoader } from './loaders';
import type { Logger } from './logger';
import { createRepositoryLoader, type RepositoryKey, type RepositoryLoader } from './references';
import { requestIdOf } from './requestId';
import { startDeadline } from './resilience/deadline';
import type { ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credential';
import type { SharedRepository } from './swr/mapping';
import type { WireListQuery } from './swr/wire';
import { traceHeadersOf } from './traceContext';

/** Everything a resolver may use; built fresh for every request. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  credential: UpstreamCredential | null;
  paging: Config['paging'];
  /** Number of upstream pages this request did not get from the cache (for logs and response extensions). */
  upstreamCalls: number;
  /** What the cache did for each distinct upstream page (reported in `extensions.cache` and the access log). */
  cacheLookups: CacheLookup[];
  /** Load one upstream page through the per-request loader; needs a credential. */
  loadPage(query: WireListQuery): Promise<ListResult>;
  /** Resolve a federation reference through the per-request batching loader (null: no such repository). */
  loadRepository(key: RepositoryKey): Promise<SharedRepository | null>;
}

export interface ContextDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  /** Caller authentication and the upstream credential; passthrough when absent. */
  access?: Access;
  /** The process-wide upstream cache; without one every page goes to SWR (BYPASS). */
  cache?: UpstreamCache;
}

export function createContextFactory(deps: ContextDeps) {
  const access = deps.access ?? passthroughAccess;
  const pages = deps.cache ?? uncachedPages(deps.client);
  return async (initial: YogaInitialContext): Promise<GatewayContext> => {
    const { request } = initial;
    const requestId = requestIdOf(request);
    // In the service modes an unauthenticated caller is refused here, before any operation (introspection
    // included) runs and before anything reaches SWR or IAM.
    const { credential, caller } = await access.resolve(request);
    // The deadline runs from here; its timer starts only with the first upstream call.
    const startedAt = performance.now();
    let loader: PageLoader | undefined;
    let repositories: RepositoryLoader | undefined;
    // Built on yoga's own context object: yoga copies a returned object's fields into its context, so a
    // counter incremented on a separate object would never be seen by plugins (access log, metrics).
    const context: GatewayContext = Object.assign(initial, {
      requestId,
      logger: deps.logger.child(caller === undefined ? { requestId } : { requestId, caller }),
      credential,
      paging: deps.config.paging,
      upstreamCalls: 0,
      cacheLookups: [],
      loadPage(query: WireListQuery): Promise<ListResult> {
        if (!credential) return Promise.reject(credentialsRequired());
        loader ??= createPageLoader(
          pages,
          credential,
          {
            requestId,
            fresh: wantsFreshAnswer(request.headers),
            ...traceHeadersOf(request.headers),
            ...startDeadline(request.signal, deps.config.resilience.deadlineMs, startedAt),
          },
          (lookup) => {
            context.cacheLookups.push(lookup);
            if (lookup.status === 'MISS' || lookup.status === 'BYPASS') context.upstreamCalls++;
          },
        );
        return loader.load(query);
      },
      loadRepository(key: RepositoryKey): Promise<SharedRepository | null> {
        // Through loadPage, so entity lookups share its credential check, call count and upstream cache.
        repositories ??= createRepositoryLoader(
          CENTERS[deps.config.federation.center],
          (query) => context.loadPage(query),
          context.logger,
        );
        return repositories.load(key);
      },
    });
    return context;
  };
}
