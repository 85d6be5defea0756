import type { RequestListener } from 'node:http';
import { createAccess } from './access/access';
import { type App, createApp } from './app';
import { createUpstreamCache, type UpstreamCache } from './cache';
import { registerCacheOperations } from './cache/metrics';
import type { Config } from './config';
import { KnownDocuments } from './execution/knownDocuments';
import type { KnownOperation } from './execution/knownOperation';
import { createFastPathFor } from './fastpath';
import { corsPolicy } from './hardening/cors';
import type { Logger } from './logger';
import { createOperations, type Operations } from './ops';
import { createRateLimits } from './rateLimits';
import { createETagSigner } from './request/etag';
import { createRequestFinisher } from './request/finish';
import { createFrontDoor } from './request/frontDoor';
import { registerResilienceOperations } from './resilience/metrics';
import type { Simulator, SimulatorOptions } from './simulator';
import { createUpstream, type Upstream } from './swr/upstream';
import { gatewayTracer } from './tracing/tracer';

export interface GatewayOptions {
  /** The page cache's wall clock (epoch ms); tests move time with it. */
  now?: () => number;
  /** How long to wait for the cache's Redis before serving from memory (default 2 s). */
  redisReadyMs?: number;
}

/** The whole gateway, built and wired, not yet listening. */
export interface Gateway {
  config: Config;
  /** The front door: the Node request listener that serves everything. */
  handler: RequestListener;
  /** Yoga, behind the front door. */
  app: App;
  /** The fast path's answers so far (absent when the configuration turns it off). */
  fastPathAnswers: (() => { kept: number; direct: number }) | undefined;
  cache: UpstreamCache;
  /** The gateway's client and its resilience policies (state and counters). */
  upstream: Upstream;
  /** Metrics, readiness and drain state. */
  ops: Operations;
  /** The embedded simulator when no SWR_ENDPOINT was configured. */
  simulator: Simulator | undefined;
  /** Closes what the gateway opened (cache, pools, simulator); the HTTP server is the caller's. */
  close(): Promise<void>;
}

/**
 * The embedded simulator also knows the configured service identity, so that token and aksk modes work end to end
 * without real SWR; that identity sees the demo tenant's data.
 */
function embeddedIdentities(config: Config): Pick<SimulatorOptions, 'iamUsers' | 'accessKeys'> {
  const auth = config.swrAuth;
  if (auth.mode === 'token') {
    const { domain, user, password } = auth.identity;
    return { iamUsers: [{ domain, name: user, password: password.reveal(), tenant: config.demoToken }] };
  }
  if (auth.mode === 'aksk') {
    const key = { ak: auth.accessKey, sk: auth.secretKey.reveal(), tenant: config.demoToken };
    return {
      accessKeys: [auth.securityToken ? { ...key, securityToken: auth.securityToken.reveal() } : key],
    };
  }
  return {};
}

async function embeddedSimulator(config: Config, logger: Logger): Promise<Simulator | undefined> {
  if (config.swrEndpoint !== undefined) return undefined;
  // The simulator's code is loaded only when it runs (the embedded default), not beside a real SWR.
  return (await import('./simulator')).startSimulator({
    port: 0,
    host: '127.0.0.1',
    strictOffset: config.simulator.strictOffset,
    recordRequests: false,
    logger: logger.child({ component: 'simulator' }),
    ...embeddedIdentities(config),
  });
}

/** The table of documents yoga vetted, shared by yoga's compiled execution and the fast path, with its gauge. */
function knownDocuments(config: Config, ops: Operations): KnownDocuments<KnownOperation> {
  const documents = new KnownDocuments<KnownOperation>({
    maxDocuments: config.knownDocuments.maxEntries,
    maxBytes: config.knownDocuments.maxBytes,
  });
  ops.metrics?.registerStats({
    name: 'gateway_known_documents',
    help: 'GraphQL documents kept validated and compiled',
    type: 'gauge',
    read: () => [{ value: documents.size }],
  });
  ops.metrics?.registerStats({
    name: 'gateway_known_document_bytes',
    help: 'Approximate bytes of the known documents (their text and compiled forms, estimated)',
    type: 'gauge',
    read: () => [{ value: documents.bytes }],
  });
  return documents;
}

/** The process-wide pieces below the request path: simulator, ops, limits, tracer, upstream, access, cache. */
async function processParts(config: Config, logger: Logger, options: GatewayOptions) {
  const simulator = await embeddedSimulator(config, logger);
  const endpoint = config.swrEndpoint ?? new URL((simulator as Simulator).url);
  const ops = createOperations(config);
  const limits = createRateLimits(config, logger, ops);
  // Spans go to the SDK `startTracing` registered; without tracing nothing makes any (src/tracing/).
  const tracer = config.tracing && gatewayTracer();
  const upstream = createUpstream(
    config,
    endpoint,
    logger,
    ops.metrics?.upstreamObserver,
    limits.upstream,
    tracer,
  );
  const access = createAccess({ config, swrEndpoint: endpoint, logger, tracer });
  const cache = createUpstreamCache({
    config: config.cache,
    client: upstream.client,
    logger,
    now: options.now,
  });
  // Start sharing at once when Redis is there; without it the gateway serves from memory and reconnects later.
  const redisReadyMs = options.redisReadyMs ?? 2000;
  await Promise.all([cache.ready(redisReadyMs), limits.ready(redisReadyMs)]);
  return { simulator, ops, limits, tracer, upstream, access, cache };
}

/**
 * The one gateway factory: `main.ts` (through `startGateway`), the tests and the bench all build the gateway here,
 * so each runs exactly what ships. Everything process-wide is made once: the upstream pool and client, caller
 * access, the page cache, the known documents, the fast path, yoga and the front door before them.
 */
export async function createGateway(
  config: Config,
  logger: Logger,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const { simulator, ops, limits, tracer, upstream, access, cache } = await processParts(
    config,
    logger,
    options,
  );
  registerCacheOperations(ops, cache, config.cache.redis !== undefined);
  registerResilienceOperations(ops, upstream.resilience);
  const finish = createRequestFinisher(logger, ops.metrics);
  const base = {
    config,
    logger,
    client: upstream.client,
    access: access.access,
    cache,
    ops,
    finish,
    etag: createETagSigner(config.cache.hmacSecret),
    documents: knownDocuments(config, ops),
    tracer,
  };
  const fast = createFastPathFor(base);
  const app = createApp({
    ...base,
    ...(fast ? { results: fast.results } : {}),
    // The demo token only means something where callers bring their own SWR token.
    graphiqlToken: simulator && config.swrAuth.mode === 'passthrough' ? config.demoToken : undefined,
    graphiqlNamespace: simulator?.dataset(config.demoToken, 'self')[0]?.namespace,
  });
  const handler = createFrontDoor({
    graphqlEndpoint: '/graphql',
    cors: corsPolicy(config.corsOrigins),
    drain: ops.drain,
    finish,
    fastPath: fast?.fastPath,
    yoga: (req, res, context) => app(req, res, context),
    logger,
    callerLimit: limits.callerLimit(access.access, finish),
    tracer,
  });
  return {
    config,
    handler,
    app,
    fastPathAnswers: fast && (() => ({ ...fast.fastPath.answers })),
    cache,
    upstream,
    ops,
    simulator,
    async close() {
      await cache.close();
      await upstream.close();
      await access.close();
      limits.close();
      await simulator?.close();
    },
  };
}
