/**
 * Did the client ask for a fresh answer? `Cache-Control: no-cache` (any position, any case) or the HTTP/1.0
 * `Pragma: no-cache`. Other directives are ignored: the gateway's cache is not the client's HTTP cache.
 */
export function wantsFreshAnswer(headers: Pick<Headers, 'get'>): boolean {
  const directives = (value: string | null) => (value ?? '').split(',').map((d) => d.trim().toLowerCase());
  return (
    directives(headers.get('cache-control')).includes('no-cache') ||
    directives(headers.get('pragma')).includes('no-cache')
  );
}
