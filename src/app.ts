import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Access } from './access';
import type { UpstreamCache } from './cache';
import type { Config } from './config';
import { createContextFactory, type GatewayContext } from './context';
import { type FastPath, useResultCapture } from './fastpath';
import { graphiqlOptions, renderGraphiQLPage, useGraphiQLAssets } from './graphiql';
import { useArmor } from './hardening/armor';
import { useBodyLimit } from './hardening/bodyLimit';
import { corsFor } from './hardening/cors';
import { useCostLimit } from './hardening/cost';
import { useCsrfPrevention } from './hardening/csrf';
import { useDisableIntrospection } from './hardening/introspection';
import { useMaxListFields } from './hardening/listFields';
import { useTrustedDocuments } from './hardening/trustedDocuments';
import type { Logger } from './logger';
import { createOperations, type Operations } from './operations';
import { useAccessLog } from './plugins/accessLog';
import { useCacheStatus } from './plugins/cacheStatus';
import { useCompiledExecution } from './plugins/compiledExecution';
import { useETag } from './plugins/etag';
import { useFinishContext } from './plugins/finishContext';
import { useMetrics } from './plugins/metrics';
import { useReadinessEndpoint } from './plugins/readiness';
import { useRequestFacts } from './plugins/requestFacts';
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
  fastPath?: Pick<FastPath, 'results' | 'etag' | 'vetted'>;
  /** Prefill GraphiQL's headers with this token (embedded-simulator mode only). */
  graphiqlToken?: string;
  /** A namespace that token owns, for GraphiQL's single-namespace example (embedded-simulator mode only). */
  graphiqlNamespace?: string;
  /** Metrics, readiness and drain state shared with the server; fresh ones when omitted. */
  ops?: Operations;
}

export type App = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** Refusals that happen before execution: transport first, then the document's shape, then its cost. */
function hardening(config: Config): Plugin[] {
  const plugins: Plugin[] = [useCsrfPrevention(), useBodyLimit(config.limits.maxBodyBytes)];
  if (config.trustedDocuments) plugins.push(useTrustedDocuments(config.trustedDocuments));
  plugins.push(useArmor(config.limits), useMaxListFields(config.limits.maxListFields));
  if (!config.introspection) plugins.push(useDisableIntrospection());
  plugins.push(useCostLimit({ maxCost: config.limits.maxCost, defaultPageSize: config.paging.defaultSize }));
  return plugins;
}

/** Build the gateway. Never listens: `main.ts` and the tests serve it. */
export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const ops = deps.ops ?? createOperations(config);
  const observe: (Plugin | Plugin<GatewayContext>)[] = [
    // First, so the request id and the access log see the final response (a 304 included).
    useETag(deps.fastPath?.etag),
    useRequestFacts(),
    useRequestIdHeader(),
    useAccessLog(logger),
  ];
  if (ops.metrics) observe.push(useMetrics(ops.metrics, config.metrics.port === undefined));
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    context: createContextFactory(deps),
    // GraphQLErrors with codes pass; anything else becomes "Unexpected error." without stack or message.
    maskedErrors: { isDev: false },
    logging: logger.child({ component: 'yoga' }),
    batching: false,
    cors: corsFor(config.corsOrigins),
    graphiql: config.graphiql
      ? graphiqlOptions({ token: deps.graphiqlToken, namespace: deps.graphiqlNamespace })
      : false,
    // Self-hosted: the page loads its bundle, stylesheet and workers from the gateway, never from a CDN.
    renderGraphiQL: renderGraphiQLPage,
    plugins: [
      ...observe,
      useReadinessEndpoint(ops.readiness),
      ops.drain.plugin(),
      ...hardening(config),
      useCacheStatus(),
      useFinishContext(),
      useCompiledExecution(deps.fastPath?.vetted),
      ...(deps.fastPath && deps.cache ? [useResultCapture(deps.fastPath.results, deps.cache)] : []),
      ...(config.graphiql ? [useGraphiQLAssets()] : []),
    ],
  });
}
