import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Access } from './access/access';
import type { UpstreamCache } from './cache';
import type { Config } from './config';
import { createContextFactory, type GatewayContext } from './context';
import type { KnownOperations } from './execution/knownOperation';
import type { KeptResults } from './fastpath';
import { graphiqlOptions, renderGraphiQLPage, useGraphiQLAssets } from './graphiql';
import { useArmor } from './hardening/armor';
import { useCostLimit } from './hardening/cost';
import { useCsrfPrevention } from './hardening/csrf';
import { useDisableIntrospection } from './hardening/introspection';
import { useMaxListFields } from './hardening/listFields';
import { useTrustedDocuments } from './hardening/trustedDocuments';
import type { Logger } from './logger';
import type { Operations } from './ops';
import { useCacheStatus } from './plugins/cacheStatus';
import { useCompiledExecution } from './plugins/compiledExecution';
import { useETag } from './plugins/etag';
import { useFinishContext } from './plugins/finishContext';
import { useKeepResults } from './plugins/keepResults';
import { useMetricsEndpoint } from './plugins/metricsEndpoint';
import { useOperationSpan } from './plugins/operationSpan';
import { useReadinessEndpoint } from './plugins/readinessEndpoint';
import { useRequestBody } from './plugins/requestBody';
import { useRequestRecord } from './plugins/requestRecord';
import { useResultMediaType } from './plugins/resultMediaType';
import type { ETagSigner } from './request/etag';
import type { RequestFinisher } from './request/finish';
import type { GatewayServerContext } from './request/state';
import { schema } from './schema';
import type { SwrClient } from './swr/client';
import type { Tracer } from './tracing/tracer';

export interface AppDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  /** Caller authentication and the upstream credential (`createAccess`). */
  access: Access;
  /** The process-wide upstream cache (`createUpstreamCache`). */
  cache: UpstreamCache;
  /** Metrics, readiness and drain state shared with the server. */
  ops: Operations;
  /** Ends each request's record: its access line and metrics. */
  finish: RequestFinisher;
  /** The ETag signer the front door uses too. */
  etag: ETagSigner;
  /** The documents yoga vetted and their compiled forms. */
  documents: KnownOperations;
  /** The fast path's kept results, which yoga's executions fill; absent when the fast path is off. */
  results?: KeptResults;
  /** Prefill GraphiQL's headers with this token (embedded-simulator mode only). */
  graphiqlToken?: string;
  /** A namespace that token owns, for GraphiQL's single-namespace example (embedded-simulator mode only). */
  graphiqlNamespace?: string;
  /** Traces operations and page lookups; absent when tracing is off. */
  tracer?: Tracer | undefined;
}

export type App = YogaServerInstance<GatewayServerContext, GatewayContext>;

/** Refusals that happen before execution: transport first, then the document's shape, then its cost. */
function hardening(config: Config): Plugin[] {
  const plugins: Plugin[] = [useCsrfPrevention(), useRequestBody(config.limits.maxBodyBytes)];
  if (config.trustedDocuments) plugins.push(useTrustedDocuments(config.trustedDocuments));
  plugins.push(useArmor(config.limits), useMaxListFields(config.limits.maxListFields));
  if (!config.introspection) plugins.push(useDisableIntrospection());
  plugins.push(useCostLimit({ maxCost: config.limits.maxCost, defaultPageSize: config.paging.defaultSize }));
  return plugins;
}

/**
 * Build yoga: the GraphQL pipeline for what the front door (`src/request/frontDoor.ts`) leaves to it. Never
 * listens; `createGateway` puts the front door before it.
 */
export function createApp(deps: AppDeps): App {
  const { config, logger, ops } = deps;
  const plugins: (Plugin | Plugin<GatewayContext>)[] = [
    // First, so the record sees the final response (a 304 included).
    useETag(deps.etag),
    useRequestRecord(deps.finish),
  ];
  if (ops.metrics && config.metrics.port === undefined) plugins.push(useMetricsEndpoint(ops.metrics));
  plugins.push(
    useReadinessEndpoint(ops.readiness),
    ...hardening(config),
    useResultMediaType(),
    useCacheStatus(),
    useFinishContext(),
  );
  // Before compiled execution, which takes a result the front door handed over (and traced already).
  if (deps.tracer) plugins.push(useOperationSpan(deps.tracer));
  plugins.push(useCompiledExecution(deps.documents));
  if (deps.results) plugins.push(useKeepResults(deps.results, deps.cache));
  if (config.graphiql) plugins.push(useGraphiQLAssets());
  return createYoga<GatewayServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    context: createContextFactory(deps),
    // GraphQLErrors with codes pass; anything else becomes "Unexpected error." without stack or message.
    maskedErrors: { isDev: false },
    logging: logger.child({ component: 'yoga' }),
    batching: false,
    // The front door sets CORS headers on every response and answers preflights (`corsPolicy`).
    cors: false,
    graphiql: config.graphiql
      ? graphiqlOptions({ token: deps.graphiqlToken, namespace: deps.graphiqlNamespace })
      : false,
    // Self-hosted: the page loads its bundle, stylesheet and workers from the gateway, never from a CDN.
    renderGraphiQL: renderGraphiQLPage,
    plugins: plugins as Plugin[],
  });
}
