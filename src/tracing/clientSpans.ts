import {
  type Attributes,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { UpstreamError, type UpstreamService } from '../swr/upstreamError';

/**
 * What an upstream's error code and request id must look like to be recorded: they come from its response, which
 * could echo anything (a code of SWR's is `SVCSTG.SWR.4001001`, an APIG request id 32 hex digits).
 */
const UPSTREAM_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ClientRequest {
  method: 'GET' | 'POST';
  endpoint: URL;
  /** The path without its query: a list request's query holds the caller's filters, which are not recorded. */
  path: string;
  /** SWR (one span per attempt) or IAM (one per token request). */
  upstream: UpstreamService;
  /** 0 for a first attempt; n for the n-th resend of the same request (a retry, or the retry after a renewal). */
  resendCount: number;
}

/** What an attempt came to: a status and SWR's request id, or the error it failed with. */
export type ClientOutcome = { status: number; upstreamRequestId: string | undefined } | { error: unknown };

function defaultPort(url: URL): number {
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Start the CLIENT span of one HTTP attempt, a child of the active span (the page lookup, set active by the SWR
 * client). Only the method, the server and the path: never a header, a body or the query string.
 */
export function startClientSpan(tracer: Tracer, request: ClientRequest): Span {
  const { endpoint } = request;
  const attributes: Attributes = {
    'http.request.method': request.method,
    'server.address': endpoint.hostname,
    'server.port': endpoint.port === '' ? defaultPort(endpoint) : Number(endpoint.port),
    'url.full': `${endpoint.origin}${request.path}`,
    'gateway.upstream': request.upstream,
  };
  if (request.resendCount > 0) attributes['http.request.resend_count'] = request.resendCount;
  return tracer.startSpan(request.method, { kind: SpanKind.CLIENT, attributes });
}

/** The `traceparent` (and `tracestate`) that make `span` the parent of what the upstream does with the request. */
export function traceHeadersOf(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return carrier;
}

/**
 * End an attempt's span with its own outcome: the status SWR (or IAM) answered, else the kind of failure; the
 * upstream's error code and request id when it sent them. Never an error message, body or URL with its query.
 */
export function endClientSpan(span: Span, upstream: UpstreamService, outcome: ClientOutcome): void {
  const prefix = upstream === 'SWR' ? 'swr' : 'iam';
  const error = 'error' in outcome ? outcome.error : undefined;
  const failure = error instanceof UpstreamError ? error : undefined;
  const status = 'status' in outcome ? outcome.status : failure?.status;
  const requestId = 'status' in outcome ? outcome.upstreamRequestId : failure?.upstreamRequestId;
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (requestId !== undefined && UPSTREAM_ID.test(requestId))
    span.setAttribute(`${prefix}.request_id`, requestId);
  const code = failure?.upstreamCode;
  if (code !== undefined && UPSTREAM_ID.test(code)) span.setAttribute(`${prefix}.error_code`, code);
  if (error !== undefined || (status !== undefined && status >= 400)) {
    const type = status !== undefined && status >= 400 ? String(status) : (failure?.failure ?? 'unexpected');
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  span.end();
}

/**
 * Run one HTTP attempt in a CLIENT span of its own: `attempt` gets the trace headers that make the span the
 * upstream's parent, `outcome` reads the status and request id off what it returned; a throw ends the span failed.
 */
export async function inClientSpan<T>(
  tracer: Tracer,
  request: ClientRequest,
  attempt: (traceHeaders: Record<string, string>) => Promise<T>,
  outcome: (result: T) => { status: number; upstreamRequestId: string | undefined },
): Promise<T> {
  const span = startClientSpan(tracer, request);
  try {
    const result = await attempt(traceHeadersOf(span));
    endClientSpan(span, request.upstream, outcome(result));
    return result;
  } catch (error) {
    endClientSpan(span, request.upstream, { error });
    throw error;
  }
}
