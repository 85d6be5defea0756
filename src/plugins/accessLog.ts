import type { Plugin } from 'graphql-yoga';
import { callerOf } from '../access';
import type { Logger } from '../logger';
import { requestIdOf } from '../requestId';

const started = new WeakMap<Request, number>();

/** One structured line per HTTP request; never headers or bodies (they carry credentials). */
export function useAccessLog(logger: Logger): Plugin {
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      const url = new URL(request.url);
      logger.info(
        {
          requestId: requestIdOf(request),
          caller: callerOf(request),
          method: request.method,
          path: url.pathname,
          status: response.status,
          ms: start === undefined ? undefined : Math.round((performance.now() - start) * 10) / 10,
        },
        'request',
      );
    },
  };
}
