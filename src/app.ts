import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Access } from './access';
import type { UpstreamCache } from './cache';
import type { Config } from './config';
import { createContextFactory, type GatewayContext } from './context';
import { DEFAULT_QUERY } from './graphiql';
import type { Logger } from './logger';
import { useAccessLog } from './plugins/accessLog';
import { useCacheStatus } from './plugins/cacheStatus';
import { useRequestIdHeader } from './plugins/requestId';
import { schema } from './schema';
import type { SwrClient } from './swr/client';

export interface AppDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  /** Caller authentication and the upstream credential (`createAccess`); passthrough when absent. */
  access?: Access;
  /** The process-wide upstream cache (`createUpstreamCache`); without one every page goes to SWR. */
  cache?: UpstreamCache;
  /** Prefill GraphiQL's headers with this token (embedded-simulator mode only). */
  graphiqlToken?: string;
}

export type App = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** Build the gateway. Never listens: `main.ts` and the tests serve it. */
export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    context: createContextFactory(deps),
    // GraphQLErrors with codes pass; anything else becomes "Unexpected error." without stack or message.
    maskedErrors: { isDev: false },
    logging: logger.child({ component: 'yoga' }),
    graphiql: config.graphiql
      ? {
          title: 'SWR shared images — GraphQL',
          defaultQuery: DEFAULT_QUERY,
          headers: JSON.stringify(deps.graphiqlToken ? { 'X-Auth-Token': deps.graphiqlToken } : {}, null, 2),
        }
      : false,
    plugins: [useRequestIdHeader(), useAccessLog(logger), useCacheStatus()],
  });
}
