import type { Config } from '../config';
import { DrainState } from '../server/shutdown';
import { GatewayMetrics } from './metrics';
import { Readiness } from './readiness';

/**
 * The process-wide operational state the app reports: metrics (when enabled), readiness checks and the
 * draining flag. Components with their own state plug in here, e.g.
 * `ops.readiness.register('redis', () => ...)` or `ops.metrics?.registerStats({...})`.
 */
export interface Operations {
  metrics: GatewayMetrics | undefined;
  readiness: Readiness;
  drain: DrainState;
}

export function createOperations(config: Config): Operations {
  const drain = new DrainState();
  const readiness = new Readiness();
  readiness.register('draining', drain.check);
  const metrics = config.metrics.enabled
    ? new GatewayMetrics({ maxOperationNames: config.metrics.maxOperationNames })
    : undefined;
  return { metrics, readiness, drain };
}
