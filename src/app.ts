import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Access } from './access';
import type { UpstreamCache } from './cache';
import type { Config } from './config';
import { createContextFactory, type GatewayContext } from './context';
import { type FastPath, useResultCapture } from './fastpath';
import { graphiqlOptions, renderGraphiQLPage, useGraphiQLAssets } from './graphiql';
import type { Logger } from './logger';
import { useAccessLog } from './plugins/accessLog';
import { useCacheStatus } from './plugins/cacheStatus';
import { useCompiledExecution } from './plugins/compiledExecution';
import { useETag } from './plugins/etag';
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
  /** The fast path's result store and ETag signer; the app keeps results there for it (`createFastPathFor`). */
  fastPath?: Pick<FastPath, 'results' | 'etag'>;
  /** Prefill GraphiQL's headers with this token (embedded-simulator mode only). */
  graphiqlToken?: string;
  /** A namespace that token owns, for GraphiQL's single-namespace example (embedded-simulator mode only). */
  graphiqlNamespace?: string;
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
      ? graphiqlOptions({ token: deps.graphiqlToken, namespace: deps.graphiqlNamespace })
      : false,
    // Self-hosted: the page loads its bundle, stylesheet and workers from the gateway, never from a CDN.
    renderGraphiQL: renderGraphiQLPage,
    plugins: [
      // First, so the request id and the access log see the final response (a 304 included).
      useETag(deps.fastPath?.etag),
      useRequestIdHeader(),
      useAccessLog(logger),
      useCacheStatus(),
      useCompiledExecution(),
      ...(deps.fastPath && deps.cache ? [useResultCapture(deps.fastPath.results, deps.cache)] : []),
      ...(config.graphiql ? [useGraphiQLAssets()] : []),
    ],
  });
}
