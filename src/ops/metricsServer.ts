import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { listen, urlOf } from '../server/listen';

/** What a scrape returns: Prometheus text and its content type. */
export type RenderMetrics = () => Promise<{ contentType: string; body: string }>;

export function renderRegistry(registry: Registry): RenderMetrics {
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}

export interface MetricsServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on its own port, so the public listener need not expose it (and, in a cluster, so the primary
 * can answer with every worker's numbers aggregated).
 */
export async function startMetricsServer(
  port: number,
  host: string,
  render: RenderMetrics,
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://x').pathname !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    render().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(503).end(),
    );
  });
  await listen(server, port, host);
  return {
    server,
    url: urlOf(server, host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
