import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../metrics';
import { factsOf } from './requestFacts';

/** Paths kept as a route label; anything else a client requests is "other". */
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);
const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

/**
 * Record every request in the metrics (after useRequestFacts); serve `GET /metrics` when `serve` (off when a
 * separate metrics port or the cluster primary serves them).
 */
export function useMetrics(metrics: GatewayMetrics, serve: boolean): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!serve || url.pathname !== '/metrics' || request.method !== 'GET') return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
    onResponse({ request, response }) {
      const facts = factsOf(request);
      const path = new URL(request.url).pathname;
      metrics.recordRequest({
        method: METHODS.has(request.method) ? request.method : 'other',
        route: ROUTES.has(path) ? path : 'other',
        status: response.status,
        seconds: (performance.now() - facts.startedAt) / 1000,
        errorCodes: facts.errorCodes,
        operation:
          facts.context === undefined
            ? undefined
            : {
                type: facts.operationType,
                name: facts.operationName,
                upstreamCalls: facts.context.upstreamCalls,
              },
      });
    },
  };
}
