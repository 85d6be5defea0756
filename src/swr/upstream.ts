import { Pool } from 'undici';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Resilience } from '../resilience/policy';
import type { Tracer } from '../tracing/tracer';
import { SwrClient, type UpstreamAdmission, type UpstreamObserver } from './client';

export interface Upstream {
  client: SwrClient;
  /** The upstream's policies; `stats()` and `breaker.state()` feed metrics and readiness. */
  resilience: Resilience;
  close(): Promise<void>;
}

/** The process-wide connection pool and client for one SWR endpoint. */
export function createUpstream(
  config: Config,
  endpoint: URL,
  logger: Logger,
  observer?: UpstreamObserver,
  budget?: UpstreamAdmission,
  tracer?: Tracer,
): Upstream {
  const pool = new Pool(endpoint.origin, {
    connections: config.upstream.connections,
    connect: { timeout: config.upstream.connectTimeoutMs },
    headersTimeout: config.upstream.headersTimeoutMs,
    bodyTimeout: config.upstream.bodyTimeoutMs,
  });
  // One set of policies per upstream origin: its breaker trips on this origin's failures only.
  const resilience = new Resilience(
    endpoint.origin,
    config.resilience,
    logger.child({ component: 'resilience' }),
  );
  const client = new SwrClient({
    endpoint,
    dispatcher: pool,
    headersTimeoutMs: config.upstream.headersTimeoutMs,
    bodyTimeoutMs: config.upstream.bodyTimeoutMs,
    maxResponseBytes: config.upstream.maxResponseBytes,
    logger: logger.child({ component: 'swr' }),
    observer,
    resilience,
    budget,
    tracer,
  });
  return { client, resilience, close: () => pool.close() };
}
