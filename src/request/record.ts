import type { Span } from '@opentelemetry/api';
import type { CacheStatus } from '../cache';
import type { HeaderGetter } from './headers';
import { pickRequestId } from './requestId';
import { traceIdOf, traceparentOf } from './traceContext';

/** A GraphQL name of reasonable length: the only operation names logged or used as metric labels. */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** What an operation that was answered did, whichever path answered it. */
export interface OperationFacts {
  type: string;
  /** Upstream pages fetched for it (0: answered without SWR). */
  upstreamCalls: number;
  /** The summary status of its cache lookups; absent when it used no upstream page. */
  cache?: CacheStatus;
}

/**
 * Everything the access log and the metrics say about one HTTP request, filled in by whichever path answers it
 * (the front door or yoga) and turned into one log line and one set of metric samples by `RequestFinisher`.
 */
export interface RequestRecord {
  readonly id: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  readonly method: string;
  /** The URL's path, without its query. */
  readonly path: string;
  readonly traceId: string | undefined;
  /** The authenticated caller (service modes): `jwt:{sub}`, `api-key:{n}`, `anonymous`. */
  caller?: string;
  /** The operation's name as the client gave it, checked: `GRAPHQL_NAME` or `invalid`. */
  operationName?: string;
  /** Set once an operation was answered: executed (by yoga or directly) or served from a kept result. */
  operation?: OperationFacts;
  /** `extensions.code` of every error returned (duplicates kept, so counts are exact). */
  errorCodes: unknown[];
  /** True once the line was written and the metrics recorded: a request is finished exactly once. */
  finished: boolean;
  /** When tracing: the request's SERVER span, ended when the record is finished. */
  span?: Span;
}

/** A client-chosen operation name as it may appear in logs and labels. */
export function checkedOperationName(name: string | null | undefined): string | undefined {
  if (name === undefined || name === null) return undefined;
  return GRAPHQL_NAME.test(name) ? name : 'invalid';
}

/** The record of a request that just arrived; `target` is its request-target (path and query). */
export function openRecord(method: string, target: string, header: HeaderGetter): RequestRecord {
  const query = target.indexOf('?');
  return {
    id: pickRequestId(header('x-request-id')),
    startedAt: performance.now(),
    method,
    path: query === -1 ? target : target.slice(0, query),
    traceId: traceIdOf(traceparentOf(header('traceparent'))),
    errorCodes: [],
    finished: false,
  };
}

/** Milliseconds since the request arrived, to 0.1 ms. */
export function elapsedMs(record: Pick<RequestRecord, 'startedAt'>): number {
  return Math.round((performance.now() - record.startedAt) * 10) / 10;
}
