/** W3C Trace Context, version 00: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
/** tracestate: at most 512 printable ASCII characters (the spec's limit for propagation). */
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The caller's trace context when it is well formed (all-zero ids are invalid per the spec). `tracestate`
 * only travels with a valid `traceparent`. Malformed values are dropped, never forwarded or logged.
 */
export function traceHeadersOf(headers: Headers): TraceHeaders {
  const traceparent = headers.get('traceparent')?.trim().toLowerCase();
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!traceparent || !match || /^0+$/.test(match[1] ?? '') || /^0+$/.test(match[2] ?? '')) return {};
  const tracestate = headers.get('tracestate')?.trim();
  return tracestate && TRACESTATE.test(tracestate) ? { traceparent, tracestate } : { traceparent };
}

/** The trace id for log correlation. */
export function traceIdOf(headers: TraceHeaders): string | undefined {
  return headers.traceparent?.slice(3, 35);
}
