import type { Plugin } from 'graphql-yoga';
import type { Readiness } from '../ops/readiness';

/** `GET /ready`: 200 when every check passes, else 503; the body names each check and why it failed. */
export function useReadinessEndpoint(readiness: Readiness): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      const report = await readiness.report();
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: report.ready ? 'ready' : 'not ready', ...report }), {
          status: report.ready ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
