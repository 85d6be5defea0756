import type { Logger } from '../logger';
import { errorCodeLabel, type GatewayMetrics } from '../ops/metrics';
import { endServerSpan, spanIds } from '../tracing/serverSpan';
import { elapsedMs, type RequestRecord } from './record';

/** What access logs and metrics call a request whose caller left before its answer (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Paths kept as a route label; anything else a client requests is "other". */
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);
const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

/** Ends a request's record: its one access line and its metric samples. A second call does nothing. */
export type RequestFinisher = (record: RequestRecord, status: number) => void;

/** The error codes a request returned, each once. */
function distinctErrorCodes(record: RequestRecord): string[] {
  return [...new Set(record.errorCodes.map(errorCodeLabel))];
}

/** The fields of one access line; never headers or bodies (they carry credentials). */
export function accessLine(record: RequestRecord, status: number, ms: number): Record<string, unknown> {
  const line: Record<string, unknown> = {
    requestId: record.id,
    caller: record.caller,
    // Traced, the ids of the request's own SERVER span; else the caller's trace id, when it sent one.
    ...(record.span ? spanIds(record.span) : { traceId: record.traceId }),
    method: record.method,
    path: record.path,
    status,
    ms,
    operation: record.operationName,
  };
  const { operation } = record;
  if (operation !== undefined) line.operationType = operation.type;
  if (record.errorCodes.length > 0) line.errors = distinctErrorCodes(record);
  if (operation !== undefined) {
    line.upstreamCalls = operation.upstreamCalls;
    if (operation.cache !== undefined) line.cache = operation.cache;
  }
  return line;
}

/**
 * The one place a request's access line and metrics are produced, for every path that answers: the front door's
 * kept and direct answers, yoga's answers, and requests whose caller left first (499).
 */
export function createRequestFinisher(logger: Logger, metrics: GatewayMetrics | undefined): RequestFinisher {
  return (record, status) => {
    if (record.finished) return;
    record.finished = true;
    const ms = elapsedMs(record);
    if (record.span) {
      const sent = status === CLIENT_CLOSED_REQUEST ? undefined : status;
      endServerSpan(record.span, sent, record.errorCodes.length > 0 ? distinctErrorCodes(record) : []);
    }
    if (logger.isLevelEnabled('info')) logger.info(accessLine(record, status, ms), 'request');
    if (metrics === undefined) return;
    const { operation } = record;
    metrics.recordRequest({
      method: METHODS.has(record.method) ? record.method : 'other',
      route: ROUTES.has(record.path) ? record.path : 'other',
      status,
      seconds: ms / 1000,
      errorCodes: record.errorCodes,
      operation: operation && {
        type: operation.type,
        name: record.operationName,
        upstreamCalls: operation.upstreamCalls,
      },
    });
  };
}
