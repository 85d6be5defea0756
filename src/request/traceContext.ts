/** W3C Trace Context, version 00: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
/** tracestate: at most 512 printable ASCII characters (the spec's limit for propagation). */
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** A request header's value as Node gives it (repeated headers as a list) or as Fetch `Headers` does. */
type HeaderValue = string | string[] | null | undefined;

/**
 * The caller's `traceparent` when it is well formed (all-zero ids are invalid per the spec), normalized; else
 * undefined. Malformed values are dropped, never forwarded or logged.
 */
export function traceparentOf(value: HeaderValue): string | undefined {
  if (typeof value !== 'string') return undefined;
  const traceparent = value.trim().toLowerCase();
  const match = TRACEPARENT.exec(traceparent);
  if (!match || /^0+$/.test(match[1] ?? '') || /^0+$/.test(match[2] ?? '')) return undefined;
  return traceparent;
}

/** The caller's trace context to forward upstream: `tracestate` only travels with a valid `traceparent`. */
export function traceHeadersOf(headers: Pick<Headers, 'get'>): TraceHeaders {
  const traceparent = traceparentOf(headers.get('traceparent'));
  if (traceparent === undefined) return {};
  const tracestate = headers.get('tracestate')?.trim();
  return tracestate && TRACESTATE.test(tracestate) ? { traceparent, tracestate } : { traceparent };
}

/** The trace id of a valid `traceparent`, for log correlation. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.slice(3, 35);
}
