import type { Parsed } from './settings';

/**
 * Settings that are valid alone but not together: every such rule but the authentication modes' (`auth.ts`, where
 * which settings are required depends on the mode).
 */
export function combinationProblems(p: Parsed): string[] {
  const problems: string[] = [];
  if (p.DEFAULT_PAGE_SIZE > p.MAX_PAGE_SIZE) {
    problems.push(
      `DEFAULT_PAGE_SIZE (${p.DEFAULT_PAGE_SIZE}) must not exceed MAX_PAGE_SIZE (${p.MAX_PAGE_SIZE})`,
    );
  }
  if (p.REDIS_URL !== undefined && p.CACHE_HMAC_SECRET === undefined) {
    problems.push(
      'REDIS_URL is set but CACHE_HMAC_SECRET is not: replicas sharing Redis need the same secret to key entries',
    );
  }
  if (p.UPSTREAM_MAX_CONCURRENT > p.UPSTREAM_CONNECTIONS) {
    // More calls in flight than sockets would queue inside the pool, out of the bulkhead's sight.
    problems.push(
      `UPSTREAM_MAX_CONCURRENT (${p.UPSTREAM_MAX_CONCURRENT}) must not exceed UPSTREAM_CONNECTIONS (${p.UPSTREAM_CONNECTIONS})`,
    );
  }
  if (p.GRAPHIQL_ENABLED === true && p.INTROSPECTION_ENABLED === false) {
    problems.push(
      'GRAPHIQL_ENABLED=true needs introspection: do not set INTROSPECTION_ENABLED=false with it',
    );
  }
  if (p.HTTP_HEADERS_TIMEOUT_MS > p.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${p.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${p.HTTP_REQUEST_TIMEOUT_MS})`,
    );
  }
  if (p.WORKERS > 1 && p.METRICS_ENABLED !== false && p.METRICS_PORT === undefined) {
    problems.push(
      'WORKERS > 1 needs METRICS_PORT (the primary serves metrics aggregated over all workers there) or METRICS_ENABLED=false',
    );
  }
  if (p.METRICS_PORT !== undefined && p.METRICS_PORT !== 0 && p.METRICS_PORT === p.PORT) {
    problems.push(`METRICS_PORT must differ from PORT (${p.PORT})`);
  }
  if (p.MAX_COST < p.MAX_PAGE_SIZE) {
    problems.push(
      `MAX_COST (${p.MAX_COST}) must allow one full page: at least MAX_PAGE_SIZE (${p.MAX_PAGE_SIZE})`,
    );
  }
  if (p.TRUSTED_DOCUMENTS_ALLOW_ARBITRARY !== undefined && p.TRUSTED_DOCUMENTS_FILE === undefined) {
    problems.push('TRUSTED_DOCUMENTS_ALLOW_ARBITRARY needs TRUSTED_DOCUMENTS_FILE');
  }
  return problems;
}
