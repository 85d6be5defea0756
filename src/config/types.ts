import type { ResilienceSettings } from '../resilience/policy';
import type { CallerAuthConfig, SwrAuthConfig } from './auth';
import type { Rate } from './rate';
import type { Parsed } from './settings';
import type { TracingConfig } from './tracing';

export interface Config {
  env: Parsed['NODE_ENV'];
  host: string;
  port: number;
  logLevel: Parsed['LOG_LEVEL'];
  /** `undefined` → embedded simulator. */
  swrEndpoint: URL | undefined;
  graphiql: boolean;
  demoToken: string;
  paging: { defaultSize: number; maxSize: number };
  upstream: {
    connections: number;
    connectTimeoutMs: number;
    headersTimeoutMs: number;
    bodyTimeoutMs: number;
    maxResponseBytes: number;
  };
  /** Deadline, retries, circuit breaker and bulkhead around the upstream (see `docs/resilience.md`). */
  resilience: ResilienceSettings & { deadlineMs: number };
  simulator: { port: number; strictOffset: boolean };
  introspection: boolean;
  corsOrigins: string[];
  trustedDocuments: { documents: Map<string, string>; allowArbitrary: boolean } | undefined;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
    maxListFields: number;
    maxBodyBytes: number;
  };
  http: {
    maxHeaderBytes: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  shutdown: { delayMs: number; graceMs: number };
  workers: number;
  metrics: { enabled: boolean; port: number | undefined; maxOperationNames: number };
  /** Apollo Federation: which SWR center `_entities` references resolve through. */
  federation: { center: Parsed['FEDERATION_CENTER'] };
  /** Set when SWR_REGION is; SWR_ENDPOINT (and IAM_ENDPOINT) derive from it unless given. */
  region: string | undefined;
  swrAuth: SwrAuthConfig;
  callerAuth: CallerAuthConfig;
  cache: CacheConfig;
  /** Kept query results answered without GraphQL execution (see src/fastpath/). */
  fastPath: { enabled: boolean; maxResults: number; maxBytes: number };
  knownDocuments: { maxEntries: number; maxBytes: number };
  /** Per-caller limits and the upstream budget (see docs/rate-limits.md); each undefined when off. */
  rateLimits: {
    caller: Rate | undefined;
    upstream: Rate | undefined;
    /** Proxies whose `X-Forwarded-For` entries are believed (0: the socket's address is the client's). */
    trustProxy: number;
  };
  /** OpenTelemetry tracing; undefined when off (see src/tracing/). */
  tracing: TracingConfig | undefined;
}

export interface CacheConfig {
  enabled: boolean;
  ttlMs: number;
  staleWhileRevalidateMs: number;
  staleIfErrorMs: number;
  maxEntries: number;
  maxBytes: number;
  maxEntryBytes: number;
  /** `undefined` without Redis: the cache then makes a random per-process secret. */
  hmacSecret: string | undefined;
  redis:
    | {
        url: string;
        keyPrefix: string;
        commandTimeoutMs: number;
        retryAfterMs: number;
        lockTtlMs: number;
        lockWaitMs: number;
        lockPollMs: number;
      }
    | undefined;
}
