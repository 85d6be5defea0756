import type { Server } from 'node:http';
import { createAccess } from './access';
import { createApp } from './app';
import { createUpstreamCache } from './cache';
import { registerCacheOperations } from './cacheOperations';
import type { Config } from './config';
import { createFastPathFor } from './fastpath';
import { createHttpServer } from './httpServer';
import { listen, urlOf } from './listen';
import type { Logger } from './logger';
import { renderRegistry, startMetricsServer } from './metricsServer';
import { createOperations, type Operations } from './operations';
import { registerResilienceOperations } from './resilienceOperations';
import { drainServer } from './shutdown';
import type { Simulator, SimulatorOptions } from './simulator';
import { createUpstream } from './upstream';

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  server: Server;
  /** The embedded simulator when no SWR_ENDPOINT was configured. */
  simulator: Simulator | undefined;
  ops: Operations;
  /** Base URL of the separate metrics server, when METRICS_PORT is set (and not a cluster worker). */
  metricsUrl: string | undefined;
  /** Graceful stop: not ready, stop accepting after the delay, finish in-flight requests within the grace. */
  shutdown(times?: Config['shutdown']): Promise<void>;
  /** Stop now (no delay), still letting in-flight requests finish within the grace period. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** A node:cluster worker: the primary serves the (aggregated) metrics port. */
  clusterWorker?: boolean;
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

/** Create everything process-wide once (pool, client, cache, app), then listen. */
export async function startGateway(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningGateway> {
  // The simulator's code is loaded only when it runs (the embedded default), not beside a real SWR.
  const simulator =
    config.swrEndpoint === undefined
      ? await (await import('./simulator')).startSimulator({
          port: 0,
          host: '127.0.0.1',
          strictOffset: config.simulator.strictOffset,
          recordRequests: false,
          logger: logger.child({ component: 'simulator' }),
          ...embeddedIdentities(config),
        })
      : undefined;
  const endpoint = config.swrEndpoint ?? new URL((simulator as Simulator).url);
  const ops = createOperations(config);
  const upstream = createUpstream(config, endpoint, logger, ops.metrics?.upstreamObserver);
  const access = createAccess({ config, swrEndpoint: endpoint, logger });
  const cache = createUpstreamCache({ config: config.cache, client: upstream.client, logger });
  // Start sharing at once when Redis is there; without it the gateway serves from memory and reconnects later.
  await cache.ready(2000);
  registerCacheOperations(ops, cache, config.cache.redis !== undefined);
  registerResilienceOperations(ops, upstream.resilience);
  const fastPath = createFastPathFor(config, cache, logger, ops, upstream.client);
  const app = createApp({
    fastPath,
    config,
    logger,
    client: upstream.client,
    access: access.access,
    cache,
    // The demo token only means something where callers bring their own SWR token.
    graphiqlToken: simulator && config.swrAuth.mode === 'passthrough' ? config.demoToken : undefined,
    graphiqlNamespace: simulator?.dataset(config.demoToken, 'self')[0]?.namespace,
    ops,
  });
  const server = createHttpServer(
    config.http,
    fastPath
      ? (req, res) => {
          void fastPath.handle(req, res, () => app(req, res));
        }
      : app,
    logger,
  );
  await listen(server, config.port, config.host);
  if (options.clusterWorker) ops.metrics?.shareWithClusterPrimary();
  const metricsServer =
    ops.metrics && config.metrics.port !== undefined && !options.clusterWorker
      ? await startMetricsServer(config.metrics.port, config.host, renderRegistry(ops.metrics.registry))
      : undefined;
  let stopped: Promise<void> | undefined;
  const shutdown = (times: Config['shutdown'] = config.shutdown) => {
    stopped ??= (async () => {
      ops.drain.start();
      await drainServer(server, times, logger);
      await metricsServer?.close();
      await cache.close();
      await upstream.close();
      await access.close();
      await simulator?.close();
    })();
    return stopped;
  };
  return {
    url: urlOf(server, config.host),
    server,
    simulator,
    ops,
    metricsUrl: metricsServer?.url,
    shutdown,
    close: () => shutdown({ delayMs: 0, graceMs: config.shutdown.graceMs }),
  };
}
