import type { Plugin } from 'graphql-yoga';
import { callerOf } from '../access';
import { cacheReport } from '../cache';
import type { Logger } from '../logger';
import { errorCodeLabel } from '../metrics';
import { requestIdOf } from '../requestId';
import { traceHeadersOf, traceIdOf } from '../traceContext';
import { elapsedMs, factsOf } from './requestFacts';

/** What one access line says about a request, whichever path (yoga or the fast path) answered it. */
export interface AccessFields {
  requestId: string;
  caller?: string;
  traceId?: string;
  method: string;
  path: string;
  status: number;
  /** Milliseconds since the request arrived, to 0.1 ms. */
  ms: number;
  operation?: string;
  operationType?: string;
  /** `extensions.code` of every error returned. */
  errorCodes?: readonly unknown[];
  upstreamCalls?: number;
  cache?: string;
}

/** The fields of one access line; never headers or bodies (they carry credentials). */
export function accessEntry(fields: AccessFields): Record<string, unknown> {
  const { errorCodes, upstreamCalls, cache, ...line } = fields;
  const entry: Record<string, unknown> = line;
  if (errorCodes && errorCodes.length > 0) entry.errors = [...new Set(errorCodes.map(errorCodeLabel))];
  if (upstreamCalls !== undefined) entry.upstreamCalls = upstreamCalls;
  if (cache !== undefined) entry.cache = cache;
  return entry;
}

/** The access line of a request yoga answered. */
export function accessLine(request: Request, status: number): Record<string, unknown> {
  const facts = factsOf(request);
  return accessEntry({
    requestId: requestIdOf(request),
    caller: callerOf(request),
    traceId: traceIdOf(traceHeadersOf(request.headers)),
    method: request.method,
    path: new URL(request.url).pathname,
    status,
    ms: elapsedMs(facts),
    operation: facts.operationName,
    operationType: facts.operationType,
    errorCodes: facts.errorCodes,
    upstreamCalls: facts.context?.upstreamCalls,
    cache: facts.context ? cacheReport(facts.context.cacheLookups)?.status : undefined,
  });
}

/** One structured line per HTTP request (after useRequestFacts, which times it). */
export function useAccessLog(logger: Logger): Plugin {
  return {
    onResponse({ request, response }) {
      logger.info(accessLine(request, response.status), 'request');
    },
  };
}
