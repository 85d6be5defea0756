import { Pool } from 'undici';
import type { Config } from './config';
import type { Logger } from './logger';
import { SwrClient, type UpstreamObserver } from './swr/client';

export interface Upstream {
  client: SwrClient;
  close(): Promise<void>;
}

/** The process-wide connection pool and client for one SWR endpoint. */
export function createUpstream(
  config: Config,
  endpoint: URL,
  logger: Logger,
  observer?: UpstreamObserver,
): Upstream {
  const pool = new Pool(endpoint.origin, {
    connections: config.upstream.connections,
    connect: { timeout: config.upstream.connectTimeoutMs },
    headersTimeout: config.upstream.headersTimeoutMs,
    bodyTimeout: config.upstream.bodyTimeoutMs,
  });
  const client = new SwrClient({
    endpoint,
    dispatcher: pool,
    headersTimeoutMs: config.upstream.headersTimeoutMs,
    bodyTimeoutMs: config.upstream.bodyTimeoutMs,
    maxResponseBytes: config.upstream.maxResponseBytes,
    logger: logger.child({ component: 'swr' }),
    observer,
  });
  return { client, close: () => pool.close() };
}
