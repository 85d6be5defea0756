import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config';
import type { Logger } from './logger';
import { type Simulator, startSimulator } from './simulator';
import { createUpstream } from './upstream';

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  server: Server;
  /** The embedded simulator when no SWR_ENDPOINT was configured. */
  simulator: Simulator | undefined;
  close(): Promise<void>;
}

/** Create everything process-wide once (pool, client, app), then listen. */
export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  const simulator =
    config.swrEndpoint === undefined
      ? await startSimulator({
          port: 0,
          host: '127.0.0.1',
          strictOffset: config.simulator.strictOffset,
          logger: logger.child({ component: 'simulator' }),
        })
      : undefined;
  const endpoint = config.swrEndpoint ?? new URL((simulator as Simulator).url);
  const upstream = createUpstream(config, endpoint, logger);
  const app = createApp({
    config,
    logger,
    client: upstream.client,
    graphiqlToken: simulator ? config.demoToken : undefined,
    graphiqlNamespace: simulator?.dataset(config.demoToken, 'self')[0]?.namespace,
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}`,
    server,
    simulator,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await upstream.close();
      await simulator?.close();
    },
  };
}
