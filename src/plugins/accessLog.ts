import type { Plugin } from 'graphql-yoga';
import { callerOf } from '../access';
import { cacheReport } from '../cache';
import type { Logger } from '../logger';
import { errorCodeLabel } from '../metrics';
import { requestIdOf } from '../requestId';
import { traceHeadersOf, traceIdOf } from '../traceContext';
import { elapsedMs, factsOf } from './requestFacts';

/** The fields of one access line; never headers or bodies (they carry credentials). */
export function accessLine(request: Request, status: number): Record<string, unknown> {
  const facts = factsOf(request);
  const line: Record<string, unknown> = {
    requestId: requestIdOf(request),
    caller: callerOf(request),
    traceId: traceIdOf(traceHeadersOf(request.headers)),
    method: request.method,
    path: new URL(request.url).pathname,
    status,
    ms: elapsedMs(facts),
    operation: facts.operationName,
    operationType: facts.operationType,
  };
  if (facts.errorCodes.length > 0) line.errors = [...new Set(facts.errorCodes.map(errorCodeLabel))];
  if (facts.context) {
    line.upstreamCalls = facts.context.upstreamCalls;
    line.cache = cacheReport(facts.context.cacheLookups)?.status;
  }
  return line;
}

/** One structured line per HTTP request (after useRequestFacts, which times it). */
export function useAccessLog(logger: Logger): Plugin {
  return {
    onResponse({ request, response }) {
      logger.info(accessLine(request, response.status), 'request');
    },
  };
}
