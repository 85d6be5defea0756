import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccess } from './access';
import { createApp } from './app';
import { createUpstreamCache } from './cache';
import type { Config } from './config';
import { createFastPathFor } from './fastpath';
import type { Logger } from './logger';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator';
import { createUpstream } from './upstream';

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  server: Server;
  /** The embedded simulator when no SWR_ENDPOINT was configured. */
  simulator: Simulator | undefined;
  close(): Promise<void>;
}

/**
 * The embedded simulator also knows the configured service identity, so that token and aksk modes work end to end
 * without real SWR; that identity sees the demo tenant's data.
 */
function embeddedIdentities(config: Config): Pick<SimulatorOptions, 'iamUsers' | 'accessKeys'> {
  const auth = config.swrAuth;
  if (auth.mode === 'token') {
    const { domain, user, password } = auth.identity;
    return { iamUsers: [{ domain, name: user, password: password.reveal(), tenant: config.demoToken }] };
  }
  if (auth.mode === 'aksk') {
    const key = { ak: auth.accessKey, sk: auth.secretKey.reveal(), tenant: config.demoToken };
    return {
      accessKeys: [auth.securityToken ? { ...key, securityToken: auth.securityToken.reveal() } : key],
    };
  }
  return {};
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
          ...embeddedIdentities(config),
        })
      : undefined;
  const endpoint = config.swrEndpoint ?? new URL((simulator as Simulator).url);
  const upstream = createUpstream(config, endpoint, logger);
  const access = createAccess({ config, swrEndpoint: endpoint, logger });
  const cache = createUpstreamCache({ config: config.cache, client: upstream.client, logger });
  // Start sharing at once when Redis is there; without it the gateway serves from memory and reconnects later.
  await cache.ready(2000);
  const fastPath = createFastPathFor(config, cache, logger);
  const app = createApp({
    fastPath,
    config,
    logger,
    client: upstream.client,
    access: access.access,
    cache,
    // The demo token only means something where callers bring their own SWR token.
    graphiqlToken: simulator && config.swrAuth.mode === 'passthrough' ? config.demoToken : undefined,
    graphiqlNamespace: simulator?.dataset(config.demoToken, 'self')[0]?.namespace,
  });
  const server = createServer(
    fastPath
      ? (req, res) => {
          void fastPath.handle(req, res, () => app(req, res));
        }
      : app,
  );
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
      await cache.close();
      await upstream.close();
      await access.close();
      await simulator?.close();
    },
  };
}
