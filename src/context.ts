import type { YogaInitialContext } from 'graphql-yoga';
import type { Config } from './config';
import { callerCredential } from './credentials';
import { credentialsRequired } from './errors';
import { createPageLoader, type PageLoader } from './loaders';
import type { Logger } from './logger';
import { requestIdOf } from './requestId';
import type { ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credential';
import type { WireListQuery } from './swr/wire';
import { traceHeadersOf } from './traceContext';

/** Everything a resolver may use; built fresh for every request. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  credential: UpstreamCredential | null;
  paging: Config['paging'];
  /** Number of upstream calls this request made (for logs and response extensions). */
  upstreamCalls: number;
  /** How the upstream cache served this request (e.g. hit, miss, stale), when a cache is configured; logged. */
  cacheStatus?: string;
  /** Load one upstream page through the per-request loader; needs a credential. */
  loadPage(query: WireListQuery): Promise<ListResult>;
}

export interface ContextDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
}

export function createContextFactory(deps: ContextDeps) {
  return (initial: YogaInitialContext): GatewayContext => {
    const { request } = initial;
    const requestId = requestIdOf(request);
    const credential = callerCredential(request.headers);
    let loader: PageLoader | undefined;
    // Built on yoga's own context object: yoga copies a returned object's fields into its context, so a
    // counter incremented on a separate object would never be seen by plugins (access log, metrics).
    const context: GatewayContext = Object.assign(initial, {
      requestId,
      logger: deps.logger.child({ requestId }),
      credential,
      paging: deps.config.paging,
      upstreamCalls: 0,
      loadPage(query: WireListQuery): Promise<ListResult> {
        if (!credential) return Promise.reject(credentialsRequired());
        const call = { requestId, signal: request.signal, ...traceHeadersOf(request.headers) };
        loader ??= createPageLoader(deps.client, credential, call, () => {
          context.upstreamCalls++;
        });
        return loader.load(query);
      },
    });
    return context;
  };
}
