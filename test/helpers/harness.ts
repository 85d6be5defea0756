import { type App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
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
}

export interface Harness {
  sim: Simulator;
  app: App;
  /** The gateway's client and its resilience policies (state and counters). */
  upstream: Upstream;
  logs: LogCapture;
  gql(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GqlResult>;
  close(): Promise<void>;
}

export const TOKEN = 'tenant-alpha-token';

/**
 * The real gateway (config, client, pool, app) against a real simulator on a free port. Requests go through
 * `yoga.fetch`; the gateway's upstream calls are real HTTP.
 */
export async function createHarness(
  env: Record<string, string> = {},
  simOptions: SimulatorOptions = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...simOptions });
  const config = loadConfig({ SWR_ENDPOINT: sim.url, NODE_ENV: 'test', ...env });
  const logs = new LogCapture();
  const logger = createLogger('debug', logs);
  const upstream = createUpstream(config, new URL(sim.url), logger);
  const app = createApp({ config, logger, client: upstream.client });
  return {
    sim,
    app,
    upstream,
    logs,
    async gql(query, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      const token = options.token === undefined ? TOKEN : options.token;
      if (token !== null) headers['x-auth-token'] = token;
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GqlResult['body'],
      };
    },
    async close() {
      await upstream.close();
      await sim.close();
    },
  };
}

/** Upstream calls to the list endpoint recorded by the simulator. */
export function listCalls(sim: Simulator) {
  return sim.requests.filter((r) => r.path === '/v2/manage/shared-repositories');
}
