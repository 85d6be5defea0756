import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from '../config';
import { exitAfterLogs, type Logger } from '../logger';
import { type MetricsServer, startMetricsServer } from '../ops/metricsServer';

/** A worker that dies is replaced after this pause, so a crash loop does not spin the CPU. */
const RESPAWN_DELAY_MS = 1000;
/** Beyond the workers' own drain time, how long the primary waits before killing them. */
const STOP_MARGIN_MS = 5000;

/**
 * The cluster primary (WORKERS > 1): forks the workers, which share the listening port, replaces a worker
 * that dies, serves the metrics of all workers aggregated on METRICS_PORT, and on SIGTERM/SIGINT passes the
 * signal on and exits once every worker has drained (0 when all of them exited cleanly).
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  let stopping = false;
  let failed = false;
  let metricsServer: MetricsServer | undefined;
  // Tracked here: cluster.workers drops a worker only once both its exit and its IPC disconnect happened.
  const alive = new Set<Worker>();
  const fork = () => {
    if (!stopping) alive.add(cluster.fork());
  };
  const finish = async () => {
    await metricsServer?.close();
    logger.info({ failed }, 'all workers stopped');
    exitAfterLogs(logger, failed ? 1 : 0);
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    if (alive.size === 0) void finish();
    // The signal, not worker.kill(): that disconnects first, which closes the workers' listeners at once.
    for (const worker of alive) worker.process.kill(signal);
    setTimeout(
      () => {
        logger.error('workers did not stop in time; killing them');
        for (const worker of alive) worker.process.kill('SIGKILL');
      },
      config.shutdown.delayMs + config.shutdown.graceMs + STOP_MARGIN_MS,
    ).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    alive.delete(worker);
    if (stopping) {
      logger.info({ workerPid: worker.process.pid, code, signal }, 'worker stopped');
      // A worker that did not drain cleanly makes the whole stop unclean.
      if (code !== 0) failed = true;
      if (alive.size === 0) void finish();
      return;
    }
    logger.error({ workerPid: worker.process.pid, code, signal }, 'worker exited; starting a replacement');
    setTimeout(fork, RESPAWN_DELAY_MS);
  });
  for (let i = 0; i < config.workers; i++) fork();

  if (config.metrics.enabled && config.metrics.port !== undefined) {
    const aggregator = new AggregatorRegistry();
    metricsServer = await startMetricsServer(config.metrics.port, config.host, async () => ({
      contentType: aggregator.contentType,
      body: await aggregator.clusterMetrics(),
    }));
    logger.info({ metricsUrl: `${metricsServer.url}/metrics` }, 'cluster metrics (all workers)');
  }
  logger.info({ workers: config.workers }, 'cluster primary started');
}
