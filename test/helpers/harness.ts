import { createAccess } from '../../src/access';
import { type App, createApp } from '../../src/app';
import { createUpstreamCache, type UpstreamCache } from '../../src/cache';
import { registerCacheOperations } from '../../src/cacheOperations';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createOperations, type Operations } from '../../src/operations';
import { registerResilienceOperations } from '../../src/resilienceOperations';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator';
import { createUpstream, type Upstream } from '../../src/upstream';
import { LogCapture } from './logs';

export interface GqlResult {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Abort the request (the client going away). */
  signal?: AbortSignal;
}

export interface HarnessOptions {
  /** Use this simulator (shared between harnesses, i.e. gateway replicas) instead of starting one; not closed. */
  sim?: Simulator;
  /** The cache's wall clock, so tests can move time. */
  now?: () => number;
  /** How long to wait for the cache's Redis to connect before serving (default 5 s; 0 for a Redis that hangs). */
  redisReadyMs?: number;
}

export interface Harness {
  sim: Simulator;
  app: App;
  /** The gateway's process-wide upstream cache (off unless the env turns it on: CACHE_ENABLED=true). */
  cache: UpstreamCache;
  /** The gateway's client and its resilience policies (state and counters). */
  upstream: Upstream;
  logs: LogCapture;
  /** Metrics, readiness and drain state of this gateway. */
  ops: Operations;
  gql(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GqlResult>;
  close(): Promise<void>;
}

export const TOKEN = 'tenant-alpha-token';

/**
 * The real gateway (config, client, pool, access, cache, app) against a real simulator on a free port. `env` may
 * be a function of the simulator's URL (e.g. to point IAM_ENDPOINT at it). Requests go through `yoga.fetch`; the
 * gateway's upstream calls are real HTTP. The cross-request cache is off unless `env` sets CACHE_ENABLED=true,
 * so tests that count upstream calls see every call.
 */
export async function createHarness(
  env: Record<string, string> | ((simulatorUrl: string) => Record<string, string>) = {},
  simOptions: SimulatorOptions = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const sim = options.sim ?? (await startSimulator({ port: 0, ...simOptions }));
  const extra = typeof env === 'function' ? env(sim.url) : env;
  const config = loadConfig({ SWR_ENDPOINT: sim.url, NODE_ENV: 'test', CACHE_ENABLED: 'false', ...extra });
  const logs = new LogCapture();
  const logger = createLogger('debug', logs);
  const ops = createOperations(config);
  const upstream = createUpstream(config, new URL(sim.url), logger, ops.metrics?.upstreamObserver);
  const access = createAccess({ config, swrEndpoint: new URL(sim.url), logger });
  const cache = createUpstreamCache({
    config: config.cache,
    client: upstream.client,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  await cache.ready(options.redisReadyMs ?? 5000);
  registerCacheOperations(ops, cache, config.cache.redis !== undefined);
  registerResilienceOperations(ops, upstream.resilience);
  const app = createApp({ config, logger, client: upstream.client, access: access.access, cache, ops });
  return {
    sim,
    app,
    cache,
    upstream,
    logs,
    ops,
    async gql(query, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      const token = options.token === undefined ? TOKEN : options.token;
      if (token !== null) headers['x-auth-token'] = token;
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GqlResult['body'],
      };
    },
    async close() {
      await cache.close();
      await upstream.close();
      await access.close();
      if (!options.sim) await sim.close();
    },
  };
}

/** Upstream calls to the list endpoint recorded by the simulator. */
export function listCalls(sim: Simulator) {
  return sim.requests.filter((r) => r.path === '/v2/manage/shared-repositories');
}
