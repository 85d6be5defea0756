import type { WireListQuery } from './wire';

/**
 * The canonical query string for a list request: keys sorted, values as SWR expects them. The same string is
 * what goes on the wire and what identifies the request in caches and loaders.
 */
export function canonicalListQuery(q: WireListQuery): string {
  const params: [string, string][] = [
    ['center', q.center],
    ['limit', String(q.limit)],
    ['offset', String(q.offset)],
    ['order_column', q.order_column],
    ['order_type', q.order_type],
  ];
  if (q.namespace !== undefined) params.push(['namespace', q.namespace]);
  // SWR takes a `/` inside a repository name as `$`.
  if (q.name !== undefined) params.push(['name', q.name.replaceAll('/', '$')]);
  if (q.domain_name !== undefined) params.push(['domain_name', q.domain_name]);
  if (q.status !== undefined) params.push(['status', q.status]);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
