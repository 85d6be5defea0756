import type { UpstreamCache } from '../../src/cache';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Operations } from '../../src/ops';
import { type RunningGateway, startGateway } from '../../src/server';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator';
import type { Upstream } from '../../src/swr/upstream';
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
  /** The running gateway: its URL, server, cache, upstream client, ops. */
  gateway: RunningGateway;
  /** The gateway's process-wide upstream cache. */
  cache: UpstreamCache;
  /** The gateway's client and its resilience policies (state and counters). */
  upstream: Upstream;
  logs: LogCapture;
  /** Metrics, readiness and drain state of this gateway. */
  ops: Operations;
  /**
   * An HTTP request to the gateway: `input` is a path, or a URL (or `Request`) whose origin is replaced by the
   * gateway's, so tests may write `http://gateway.test/graphql`.
   */
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
  /** A GraphQL POST as Apollo Client sends it (its `Accept` list, a JSON body), with the tenant token. */
  gql(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GqlResult>;
  close(): Promise<void>;
}

export const TOKEN = 'tenant-alpha-token';

/** Apollo Client's `Accept` for its POSTs. */
export const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';

/**
 * The real gateway, built by the production factory (`startGateway`, what `main.ts` runs) with the production
 * defaults — cache and fast path on — on a free port, against a real simulator on another. `env` may be a
 * function of the simulator's URL (e.g. to point IAM_ENDPOINT at it). Requests go over real HTTP. A test that
 * turns something off (e.g. `CACHE_ENABLED: 'false'`) says so in its name.
 */
export async function createHarness(
  env: Record<string, string> | ((simulatorUrl: string) => Record<string, string>) = {},
  simOptions: SimulatorOptions = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const sim = options.sim ?? (await startSimulator({ port: 0, ...simOptions }));
  const extra = typeof env === 'function' ? env(sim.url) : env;
  const config = loadConfig({
    SWR_ENDPOINT: sim.url,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  });
  const logs = new LogCapture();
  const gateway = await startGateway(config, createLogger('debug', logs), {
    redisReadyMs: options.redisReadyMs ?? 5000,
    ...(options.now ? { now: options.now } : {}),
  });
  const fetchGateway = (input: string | Request, init?: RequestInit): Promise<Response> => {
    if (typeof input !== 'string') {
      const url = new URL(input.url);
      return fetch(new Request(`${gateway.url}${url.pathname}${url.search}`, input), init);
    }
    const url = new URL(input, gateway.url);
    return fetch(`${gateway.url}${url.pathname}${url.search}`, init);
  };
  return {
    sim,
    gateway,
    cache: gateway.cache,
    upstream: gateway.upstream,
    logs,
    ops: gateway.ops,
    fetch: fetchGateway,
    async gql(query, variables, options = {}) {
      const headers: Record<string, string> = {
        accept: APOLLO_ACCEPT,
        'content-type': 'application/json',
        ...options.headers,
      };
      const token = options.token === undefined ? TOKEN : options.token;
      if (token !== null) headers['x-auth-token'] = token;
      const response = await fetchGateway('/graphql', {
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
      await gateway.close();
      if (!options.sim) await sim.close();
    },
  };
}

/** Upstream calls to the list endpoint recorded by the simulator. */
export function listCalls(sim: Simulator) {
  return sim.requests.filter((r) => r.path === '/v2/manage/shared-repositories');
}

/**
 * In a test file: a fresh gateway for every test (production defaults, `env` on top) over one simulator for the
 * file, so no page, kept result, breaker or budget state carries from one test to the next. Returns a getter for
 * the current test's harness.
 */
export function harnessPerTest(
  env: Record<string, string> | ((simulatorUrl: string) => Record<string, string>) = {},
  simOptions: SimulatorOptions = {},
): () => Harness {
  let sim: Simulator | undefined;
  let current: Harness | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, ...simOptions });
  });
  beforeEach(async () => {
    sim?.reset();
    current = await createHarness(env, {}, { sim });
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(() => sim?.close());
  return () => {
    if (current === undefined) throw new Error('harnessPerTest: no test is running');
    return current;
  };
}

/**
 * A GraphQL answer's text without its cache ages (`extensions.cache.ageMs`), which differ by the milliseconds
 * between two otherwise identical answers.
 */
export function withoutCacheAges(text: string): string {
  return text.replace(/"ageMs":\d+/g, '"ageMs":0');
}
