import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The pino mixin of a traced gateway: every line logged while one of the gateway's spans is active carries that
 * span's trace and span id (never the caller's own span id: the request's SERVER span is the outermost active).
 */
export function activeSpanIds(): { traceId?: string; spanId?: string } {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : {};
}
