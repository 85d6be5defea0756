/** What a load run reports, whichever load generator ran it (one JSON line from `bench/load-worker.ts`). */
export interface LoadResult {
  requests: number;
  rps: number;
  /** Latency percentiles, in milliseconds. */
  p50: number;
  p99: number;
  /** Socket errors, timeouts and non-2xx answers. */
  errors: number;
}
