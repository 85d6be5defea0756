import cluster from 'node:cluster';
import { type Config, loadConfigOrExit } from './config';
import { createLogger, exitAfterLogs, type Logger } from './logger';
import { startGateway } from './server';
import { runPrimary } from './server/cluster';
import { type HeapTuning, tuneHeap } from './server/heapTuning';
import { startConfiguredTracing } from './tracing';

/**
 * What closing may take once the drain (SHUTDOWN_DELAY_MS + SHUTDOWN_GRACE_MS) is over: the cache, the pools and the
 * embedded simulator. A stop still running then exits 1, so a signal always ends the process; a stop that finished
 * in time only waits for its last log lines, at most `FLUSH_WAIT_MS` more.
 */
const CLOSE_MARGIN_MS = 1000;
/** The part of that margin the last spans get to reach the collector; one that does not answer is given up. */
const TRACES_FLUSH_MS = 500;

/** Exit 1 unless cancelled before the drain and `CLOSE_MARGIN_MS` are over. */
function exitWhenOverdue(config: Config, logger: Logger): NodeJS.Timeout {
  return setTimeout(
    () => {
      logger.error({ closeMarginMs: CLOSE_MARGIN_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    },
    config.shutdown.delayMs + config.shutdown.graceMs + CLOSE_MARGIN_MS,
  );
}

/** One gateway process: serve until SIGTERM/SIGINT, then drain and exit 0 (1 if the stop failed or overran). */
async function runGateway(config: Config, logger: Logger, heap: HeapTuning): Promise<void> {
  const tracing = startConfiguredTracing(config, logger);
  // Signals are handled from the start: one arriving while the gateway boots waits for it, then drains.
  const starting = startGateway(config, logger, { clusterWorker: cluster.isWorker });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, ...config.shutdown }, 'shutting down: draining');
    const overdue = exitWhenOverdue(config, logger);
    starting
      .then((gateway) => gateway.shutdown())
      .then(() => tracing?.shutdown(TRACES_FLUSH_MS))
      .then(
        () => {
          clearTimeout(overdue);
          logger.info('stopped');
          exitAfterLogs(logger, 0);
        },
        (error: unknown) => {
          clearTimeout(overdue);
          logger.error({ err: error }, 'shutdown failed');
          exitAfterLogs(logger, 1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const gateway = await starting;
  if (gateway.simulator && config.swrAuth.mode === 'passthrough') {
    logger.info(
      { simulator: gateway.simulator.url, demoToken: config.demoToken },
      `embedded SWR simulator running; use X-Auth-Token: ${config.demoToken}`,
    );
  }
  logger.info(
    {
      url: `${gateway.url}/graphql`,
      swrAuth: config.swrAuth.mode,
      callerAuth: config.callerAuth.mode,
      allocationSitePretenuring: heap.allocationSitePretenuring,
    },
    `GraphQL endpoint and GraphiQL at ${gateway.url}/graphql`,
  );
  if (gateway.metricsUrl) logger.info({ metricsUrl: `${gateway.metricsUrl}/metrics` }, 'metrics');
}

/** The only place that reads the environment, opens sockets and handles signals. */
async function main(): Promise<void> {
  const heap = tuneHeap(process.execArgv);
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel, undefined, { traceIds: config.tracing !== undefined });
  if (config.workers > 1 && cluster.isPrimary) await runPrimary(config, logger);
  else await runGateway(config, logger, heap);
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
