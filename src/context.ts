import type { YogaInitialContext } from 'graphql-yoga';
import type { Config } from './config';
import { callerCredential } from './credentials';
import { credentialsRequired } from './errors';
import { createPageLoader, type PageLoader } from './loaders';
import type { Logger } from './logger';
import { requestIdOf } from './requestId';
import { startDeadline } from './resilience/deadline';
import type { ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credential';
import type { WireListQuery } from './swr/wire';

/** Everything a resolver may use; built fresh for every request. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  credential: UpstreamCredential | null;
  paging: Config['paging'];
  /** Number of upstream calls this request made (for logs and response extensions). */
  upstreamCalls: number;
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
    // The deadline runs from here; its timer starts only with the first upstream call.
    const startedAt = performance.now();
    let loader: PageLoader | undefined;
    const context: GatewayContext = {
      requestId,
      logger: deps.logger.child({ requestId }),
      credential,
      paging: deps.config.paging,
      upstreamCalls: 0,
      loadPage(query: WireListQuery): Promise<ListResult> {
        if (!credential) return Promise.reject(credentialsRequired());
        loader ??= createPageLoader(
          deps.client,
          credential,
          { requestId, ...startDeadline(request.signal, deps.config.resilience.deadlineMs, startedAt) },
          () => {
            context.upstreamCalls++;
          },
        );
        return loader.load(query);
      },
    };
    return context;
  };
}
