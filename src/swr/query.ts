import type { WireListQuery } from './wire';

const canonical = new WeakMap<WireListQuery, string>();

/**
 * The canonical query string for a list request: keys sorted, values as SWR expects them. The same string is
 * what goes on the wire and what identifies the request in caches and loaders. Built once per query object
 * (the loader, the cache key and the client all ask for it); callers never mutate a query once made.
 */
export function canonicalListQuery(q: WireListQuery): string {
  let text = canonical.get(q);
  if (text === undefined) {
    text = build(q);
    canonical.set(q, text);
  }
  return text;
}

/** The parameters in key order: center, domain_name, limit, name, namespace, offset, order_column, order_type, status. */
function build(q: WireListQuery): string {
  let text = `center=${encodeURIComponent(q.center)}`;
  if (q.domain_name !== undefined) text += `&domain_name=${encodeURIComponent(q.domain_name)}`;
  text += `&limit=${q.limit}`;
  // SWR takes a `/` inside a repository name as `$`.
  if (q.name !== undefined) text += `&name=${encodeURIComponent(q.name.replaceAll('/', '$'))}`;
  if (q.namespace !== undefined) text += `&namespace=${encodeURIComponent(q.namespace)}`;
  text += `&offset=${q.offset}&order_column=${encodeURIComponent(q.order_column)}`;
  text += `&order_type=${encodeURIComponent(q.order_type)}`;
  if (q.status !== undefined) text += `&status=${encodeURIComponent(q.status)}`;
  return text;
}
