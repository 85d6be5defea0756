import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** Methods the HTTP semantic conventions name; any other is `_OTHER`. */
const KNOWN_METHODS = new Set([
  'GET',
  'POST',
  'OPTIONS',
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'CONNECT',
  'TRACE',
]);

const requestHeaders: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** What the SERVER span says of a request; never its query string (GET requests carry variables there). */
export interface ServedRequest {
  id: string;
  path: string;
}

/**
 * Start the one SERVER span of an HTTP request on `route`, continuing the caller's trace when it sent a valid W3C
 * `traceparent` (and `tracestate`), and run `serve` with that span active, so every log line of the request
 * carries its ids. The span is ended by `endServerSpan` when the request is finished, whichever path answers it.
 */
export function serveTraced(
  tracer: Tracer,
  req: IncomingMessage,
  request: ServedRequest,
  route: string,
  serve: (span: Span) => void,
): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers, requestHeaders);
  const method = req.method !== undefined && KNOWN_METHODS.has(req.method) ? req.method : '_OTHER';
  const attributes: Attributes = {
    'http.request.method': method,
    'url.scheme': 'http',
    'url.path': request.path,
    'http.route': route,
    'network.protocol.version': req.httpVersion,
    'gateway.request_id': request.id,
  };
  if (method === '_OTHER') attributes['http.request.method_original'] = req.method;
  const userAgent = req.headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  const span = tracer.startSpan(
    `${method === '_OTHER' ? 'HTTP' : method} ${route}`,
    { kind: SpanKind.SERVER, attributes },
    parent,
  );
  context.with(trace.setSpan(parent, span), serve, undefined, span);
}

/**
 * End a SERVER span with the request's outcome: the status sent (5xx is an error; undefined: the caller left before
 * any answer) and the GraphQL error codes returned.
 */
export function endServerSpan(span: Span, status: number | undefined, errorCodes: readonly string[]): void {
  if (status === undefined) {
    span.setAttribute('error.type', 'client_closed_request');
  } else {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  if (errorCodes.length > 0) span.setAttribute('gateway.error_codes', [...errorCodes]);
  span.end();
}

/** The trace and span id of a gateway span, for the lines logged outside its context (the access line). */
export function spanIds(span: Span): { traceId: string; spanId: string } {
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
