import type { Server } from 'node:http';
import type { Config } from '../config';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway';
import type { Logger } from '../logger';
import { renderRegistry, startMetricsServer } from '../ops/metricsServer';
import { createHttpServer } from './httpServer';
import { listen, urlOf } from './listen';
import { drainServer } from './shutdown';

export interface RunningGateway extends Omit<Gateway, 'close'> {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  server: Server;
  /** Base URL of the separate metrics server, when METRICS_PORT is set (and not a cluster worker). */
  metricsUrl: string | undefined;
  /** Graceful stop: not ready, stop accepting after the delay, finish in-flight requests within the grace. */
  shutdown(times?: Config['shutdown']): Promise<void>;
  /** Stop now (no delay), still letting in-flight requests finish within the grace period. */
  close(): Promise<void>;
}

export interface StartOptions extends GatewayOptions {
  /** A node:cluster worker: the primary serves the (aggregated) metrics port. */
  clusterWorker?: boolean;
}

/** Build the gateway (`createGateway`), then listen: the HTTP server, and the metrics port when configured. */
export async function startGateway(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningGateway> {
  const gateway = await createGateway(config, logger, options);
  const { ops } = gateway;
  const server = createHttpServer(config.http, gateway.handler, logger);
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
      await gateway.close();
    })();
    return stopped;
  };
  return {
    ...gateway,
    url: urlOf(server, config.host),
    server,
    metricsUrl: metricsServer?.url,
    shutdown,
    close: () => shutdown({ delayMs: 0, graceMs: config.shutdown.graceMs }),
  };
}
