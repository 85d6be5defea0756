import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../ops/metrics';

/** `GET /metrics` on the gateway's own port (off when a separate metrics port or the cluster primary serves them). */
export function useMetricsEndpoint(metrics: GatewayMetrics): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
  };
}
