import { context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { CacheLookup, PageSource } from '../cache';
import { UpstreamError } from '../swr/upstreamError';
import type { WireListQuery } from '../swr/wire';

/** Which page: its place in the list, never the caller's filters (namespace, name), which are request input. */
function pageAttributes(query: WireListQuery): Record<string, string | number | boolean> {
  return {
    'gateway.page.center': query.center,
    'gateway.page.offset': query.offset,
    'gateway.page.limit': query.limit,
    'gateway.page.order': `${query.order_column} ${query.order_type}`,
    'gateway.page.filtered': query.namespace !== undefined || query.name !== undefined,
  };
}

function endLookup(span: Span, lookup: CacheLookup): void {
  span.setAttribute('gateway.cache.status', lookup.status);
  span.setAttribute('gateway.cache.age_ms', lookup.ageMs);
  if (lookup.tier !== undefined) span.setAttribute('gateway.cache.tier', lookup.tier);
  if (lookup.coalesced) span.setAttribute('gateway.cache.coalesced', true);
  span.end();
}

/** A lookup that produced no page: the kind of failure, never its message. */
function failLookup(span: Span, error: unknown): void {
  const type = error instanceof UpstreamError ? error.failure : 'unexpected';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.end();
}

/**
 * Pages through `source` with a span for each page lookup, under the operation's span (`options.trace`): what the
 * cache did (HIT, MISS, STALE, BYPASS), which tier it read, whether it waited for another request's fetch
 * (single-flight), and which page. The upstream attempts it made are its children.
 */
export function tracedPages(source: PageSource, tracer: Tracer): PageSource {
  return {
    async list(query, credential, options) {
      const parent = options.trace ?? context.active();
      const span = tracer.startSpan('page lookup', { attributes: pageAttributes(query) }, parent);
      try {
        const found = await source.list(query, credential, {
          ...options,
          trace: trace.setSpan(parent, span),
        });
        endLookup(span, found.cache);
        return found;
      } catch (error) {
        failLookup(span, error);
        throw error;
      }
    },
  };
}
