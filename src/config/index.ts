/**
 * Configuration: every setting comes from the environment, is parsed and validated once at start, and every
 * problem is reported together. No other file reads `process.env`. An empty value counts as unset.
 */

import { regionEndpoints } from '../swr/credentials/endpoints';
import { authConfig } from './auth';
import type { Env } from './kinds';
import { combinationProblems } from './rules';
import { type Parsed, SETTINGS } from './settings';
import { tracingConfig } from './tracing';
import type { CacheConfig, Config } from './types';

export type { CallerAuthConfig, SwrAuthConfig } from './auth';
export type { Rate } from './rate';
export { type Parsed, SETTINGS, type SettingName } from './settings';
export type { TracingConfig } from './tracing';
export type { CacheConfig, Config } from './types';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseAll(env: Env, problems: string[]): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const raw = env[name];
    out[name] = setting.parse(
      raw === undefined || raw.trim() === '' ? undefined : raw.trim(),
      problems,
      name,
    );
  }
  return out as Parsed;
}

/** Parse and validate; throws a ConfigError listing every problem. */
/** Parse and validate; throws a ConfigError listing every problem. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const p = parseAll(env, problems);
  const auth = authConfig(p, (name) => env[name] !== undefined && env[name]?.trim() !== '', problems);
  problems.push(...combinationProblems(p));
  const tracing = tracingConfig(p, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const graphiql = p.GRAPHIQL_ENABLED ?? p.NODE_ENV !== 'production';
  return {
    env: p.NODE_ENV,
    host: p.HOST,
    port: p.PORT,
    logLevel: p.LOG_LEVEL,
    swrEndpoint: p.SWR_ENDPOINT ?? (p.SWR_REGION ? regionEndpoints(p.SWR_REGION).swr : undefined),
    graphiql,
    demoToken: p.DEMO_TOKEN,
    paging: { defaultSize: p.DEFAULT_PAGE_SIZE, maxSize: p.MAX_PAGE_SIZE },
    ...upstreamSections(p),
    simulator: { port: p.SIMULATOR_PORT, strictOffset: p.SIMULATOR_STRICT_OFFSET ?? false },
    introspection: p.INTROSPECTION_ENABLED ?? (graphiql || p.NODE_ENV !== 'production'),
    corsOrigins: p.CORS_ORIGINS,
    trustedDocuments: p.TRUSTED_DOCUMENTS_FILE && {
      documents: p.TRUSTED_DOCUMENTS_FILE,
      allowArbitrary: p.TRUSTED_DOCUMENTS_ALLOW_ARBITRARY ?? false,
    },
    ...serverSections(p),
    federation: { center: p.FEDERATION_CENTER },
    region: p.SWR_REGION,
    ...auth,
    fastPath: {
      enabled: p.FAST_PATH_ENABLED ?? true,
      maxResults: p.FAST_PATH_MAX_RESULTS,
      maxBytes: p.FAST_PATH_MAX_BYTES,
    },
    knownDocuments: { maxEntries: p.KNOWN_DOCUMENTS_MAX_ENTRIES, maxBytes: p.KNOWN_DOCUMENTS_MAX_BYTES },
    cache: cacheSection(p),
    rateLimits: { caller: p.CALLER_RATE_LIMIT, upstream: p.UPSTREAM_RATE_LIMIT, trustProxy: p.TRUST_PROXY },
    tracing,
  };
}

/** The pool to SWR and the resilience around it. */
function upstreamSections(p: Parsed): Pick<Config, 'upstream' | 'resilience'> {
  return {
    upstream: {
      connections: p.UPSTREAM_CONNECTIONS,
      connectTimeoutMs: p.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: p.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: p.UPSTREAM_BODY_TIMEOUT_MS,
      maxResponseBytes: p.UPSTREAM_MAX_RESPONSE_BYTES,
    },
    resilience: {
      deadlineMs: p.REQUEST_DEADLINE_MS,
      retry: {
        maxAttempts: p.UPSTREAM_RETRY_MAX_ATTEMPTS,
        baseDelayMs: p.UPSTREAM_RETRY_BASE_DELAY_MS,
        maxDelayMs: p.UPSTREAM_RETRY_MAX_DELAY_MS,
        budgetPercent: p.UPSTREAM_RETRY_BUDGET_PERCENT,
        budgetReserve: p.UPSTREAM_RETRY_BUDGET_RESERVE,
      },
      breaker: { failureThreshold: p.UPSTREAM_BREAKER_FAILURES, openMs: p.UPSTREAM_BREAKER_OPEN_MS },
      bulkhead: { maxConcurrent: p.UPSTREAM_MAX_CONCURRENT, queueSize: p.UPSTREAM_QUEUE_SIZE },
    },
  };
}

/** The HTTP server, its request limits, the stop, the processes and the metrics. */
function serverSections(p: Parsed): Pick<Config, 'limits' | 'http' | 'shutdown' | 'workers' | 'metrics'> {
  return {
    limits: {
      maxDepth: p.MAX_DEPTH,
      maxAliases: p.MAX_ALIASES,
      maxTokens: p.MAX_TOKENS,
      maxDirectives: p.MAX_DIRECTIVES,
      maxCost: p.MAX_COST,
      maxListFields: p.MAX_SHARED_REPOSITORIES_FIELDS,
      maxBodyBytes: p.MAX_REQUEST_BODY_BYTES,
    },
    http: {
      maxHeaderBytes: p.HTTP_MAX_HEADER_BYTES,
      requestTimeoutMs: p.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: p.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: p.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    shutdown: { delayMs: p.SHUTDOWN_DELAY_MS, graceMs: p.SHUTDOWN_GRACE_MS },
    workers: p.WORKERS,
    metrics: {
      enabled: p.METRICS_ENABLED ?? true,
      port: p.METRICS_PORT,
      maxOperationNames: p.METRICS_MAX_OPERATION_NAMES,
    },
  };
}

function cacheSection(p: Parsed): CacheConfig {
  return {
    enabled: p.CACHE_ENABLED ?? true,
    ttlMs: p.CACHE_TTL_MS,
    staleWhileRevalidateMs: p.CACHE_STALE_WHILE_REVALIDATE_MS,
    staleIfErrorMs: p.CACHE_STALE_IF_ERROR_MS,
    maxEntries: p.CACHE_MAX_ENTRIES,
    maxBytes: p.CACHE_MAX_BYTES,
    maxEntryBytes: p.CACHE_MAX_ENTRY_BYTES,
    hmacSecret: p.CACHE_HMAC_SECRET,
    redis:
      p.REDIS_URL === undefined
        ? undefined
        : {
            url: p.REDIS_URL,
            keyPrefix: p.REDIS_KEY_PREFIX,
            commandTimeoutMs: p.REDIS_COMMAND_TIMEOUT_MS,
            retryAfterMs: p.REDIS_RETRY_AFTER_MS,
            lockTtlMs: p.CACHE_LOCK_TTL_MS,
            lockWaitMs: p.CACHE_LOCK_WAIT_MS,
            lockPollMs: p.CACHE_LOCK_POLL_MS,
          },
  };
}

/** For entry points: the config, or every problem on stderr and exit code 1. */
export function loadConfigOrExit(env: Env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
