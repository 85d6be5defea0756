/**
 * Configuration: every setting comes from the environment, is parsed and validated once at start, and every
 * problem is reported together. No other file reads `process.env`. An empty value counts as unset.
 */

import { readFileSync } from 'node:fs';
import {
  authConfig,
  CALLER_AUTH_MODES,
  type CallerAuthConfig,
  JWT_ALGORITHM_VALUES,
  MIN_API_KEY_LENGTH,
  SWR_AUTH_MODES,
  type SwrAuthConfig,
} from './authConfig';
import type { ResilienceSettings } from './resilience/policy';
import { Secret } from './secret';
import { REGION_PATTERN, regionEndpoints } from './swr/auth/endpoints';

type Env = Record<string, string | undefined>;

interface Setting<T> {
  /** One line for the README table and `.env.example`. */
  readonly doc: string;
  /** The default as written in docs; `undefined` means "unset". */
  readonly example: string;
  parse(raw: string | undefined, problems: string[], name: string): T;
}

function int(doc: string, fallback: number, min: number, max: number): Setting<number> {
  return {
    doc: `${doc} (integer ${min}..${max})`,
    example: String(fallback),
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
        return fallback;
      }
      return value;
    },
  };
}

function bool(doc: string, fallback: boolean | undefined): Setting<boolean | undefined> {
  return {
    doc: `${doc} (true/false)`,
    example: fallback === undefined ? '' : String(fallback),
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      problems.push(`${name} must be true or false, got "${raw}"`);
      return fallback;
    },
  };
}

function oneOf<const T extends string>(doc: string, fallback: T, values: readonly T[]): Setting<T> {
  return {
    doc: `${doc} (one of ${values.join(', ')})`,
    example: fallback,
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      if ((values as readonly string[]).includes(raw)) return raw as T;
      problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return fallback;
    },
  };
}

function text(doc: string, fallback: string): Setting<string> {
  return { doc, example: fallback, parse: (raw) => raw ?? fallback };
}

/** `originOnly`: an API origin without path or query; `secureUnlessLoopback`: credentials or keys travel on it. */
function optionalUrl(
  doc: string,
  rules: { originOnly?: boolean; secureUnlessLoopback?: boolean } = { originOnly: true },
): Setting<URL | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      try {
        const url = new URL(raw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        if (rules.secureUnlessLoopback && url.protocol === 'http:' && !isLoopback(url.hostname)) {
          problems.push(`${name} must use https (plain http only to localhost), got "${raw}"`);
        }
        if (rules.originOnly && (url.pathname !== '/' || url.search || url.hash)) {
          problems.push(
            `${name} must be an origin without path or query (e.g. https://swr-api.cn-north-4.myhuaweicloud.com), got "${raw}"`,
          );
        }
        return url;
      } catch {
        problems.push(`${name} must be an http(s) URL, got "${raw}"`);
        return undefined;
      }
    },
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function optionalText(doc: string, pattern?: { regex: RegExp; hint: string }): Setting<string | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw !== undefined && pattern && !pattern.regex.test(raw)) {
        problems.push(`${name} must be ${pattern.hint}, got "${raw}"`);
      }
      return raw;
    },
  };
}

function optionalOneOf<const T extends string>(doc: string, values: readonly T[]): Setting<T | undefined> {
  return {
    doc: `${doc} (one of ${values.join(', ')})`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined || (values as readonly string[]).includes(raw)) return raw as T | undefined;
      problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return undefined;
    },
  };
}

/** A credential: never echoed in a problem message, held as a `Secret` so it cannot be logged by accident. */
function secret(doc: string): Setting<Secret | undefined> {
  return {
    doc: `${doc} (secret)`,
    example: '',
    parse: (raw) => (raw === undefined ? undefined : new Secret(raw)),
  };
}

/** Comma-separated secrets, each at least `minLength` characters (problems name the entry, never its value). */
function secretList(doc: string, minLength: number): Setting<Secret[]> {
  return {
    doc: `${doc}; comma-separated, each at least ${minLength} characters (secret)`,
    example: '',
    parse(raw, problems, name) {
      const entries = (raw ?? '').split(',').map((entry) => entry.trim());
      entries.forEach((entry, index) => {
        if (raw !== undefined && entry.length < minLength) {
          problems.push(`${name} entry ${index + 1} must be at least ${minLength} characters long`);
        }
      });
      return entries.filter((entry) => entry !== '').map((entry) => new Secret(entry));
    },
  };
}

function list<const T extends string>(
  doc: string,
  fallback: readonly T[],
  values: readonly T[],
): Setting<T[]> {
  return {
    doc: `${doc} (comma-separated, from ${values.join(', ')})`,
    example: fallback.join(','),
    parse(raw, problems, name) {
      if (raw === undefined) return [...fallback];
      const chosen = raw.split(',').map((entry) => entry.trim());
      const unknown = chosen.filter((entry) => !(values as readonly string[]).includes(entry));
      if (unknown.length > 0 || chosen.length === 0) {
        problems.push(`${name} must list values from ${values.join(', ')}, got "${raw}"`);
        return [...fallback];
      }
      return chosen as T[];
    },
  };
}

function optionalSecret(doc: string, minLength: number): Setting<string | undefined> {
  return {
    doc: `${doc} (at least ${minLength} characters)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      // The value itself never goes into a problem: problems are printed.
      if (raw.length < minLength) problems.push(`${name} must be at least ${minLength} characters long`);
      return raw;
    },
  };
}

function optionalRedisUrl(doc: string): Setting<string | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      let protocol = '';
      try {
        protocol = new URL(raw).protocol;
      } catch {
        // Reported below without echoing the value: a Redis URL may carry a password.
      }
      if (protocol !== 'redis:' && protocol !== 'rediss:') {
        problems.push(`${name} must be a redis:// or rediss:// URL`);
        return undefined;
      }
      return raw;
    },
  };
}

function optionalInt(doc: string, min: number, max: number): Setting<number | undefined> {
  const inner = int(doc, 0, min, max);
  return {
    doc: inner.doc,
    example: '',
    parse: (raw, problems, name) => (raw === undefined ? undefined : inner.parse(raw, problems, name)),
  };
}

function patternList(doc: string, pattern: RegExp, what: string): Setting<string[]> {
  return {
    doc: `${doc} (comma-separated)`,
    example: '',
    parse(raw, problems, name) {
      const items = (raw ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      for (const item of items) if (!pattern.test(item)) problems.push(`${name}: "${item}" is not ${what}`);
      return items;
    },
  };
}

/** A JSON file of `{ "<id>": "<GraphQL document>" }`, read and checked at start so a bad file fails fast. */
function documentsFile(doc: string): Setting<Map<string, string> | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(raw, 'utf8'));
      } catch (error) {
        problems.push(`${name}: cannot read "${raw}" as JSON (${(error as Error).message})`);
        return undefined;
      }
      const entries = parsed !== null && typeof parsed === 'object' ? Object.entries(parsed) : [];
      if (Array.isArray(parsed) || entries.length === 0 || entries.some(([, v]) => typeof v !== 'string')) {
        problems.push(`${name}: "${raw}" must be a non-empty JSON object of id → GraphQL document strings`);
        return undefined;
      }
      return new Map(entries as [string, string][]);
    },
  };
}

/** An origin as browsers send it in `Origin`: scheme, host, optional port, nothing else. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Every setting the gateway reads. The README table and `.env.example` list exactly these (a test checks). */
export const SETTINGS = {
  NODE_ENV: oneOf(
    'Environment; `production` turns GraphiQL and introspection off by default',
    'development',
    ['development', 'production', 'test'] as const,
  ),
  HOST: text('Interface the gateway listens on', '0.0.0.0'),
  PORT: int('Port the gateway listens on', 4000, 0, 65535),
  LOG_LEVEL: oneOf('pino log level', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),
  SWR_ENDPOINT: optionalUrl(
    'SWR API origin, e.g. https://swr-api.cn-north-4.myhuaweicloud.com. Unset: start the embedded simulator and use it',
  ),
  GRAPHIQL_ENABLED: bool('Serve GraphiQL at /graphql (default: on unless NODE_ENV=production)', undefined),
  DEMO_TOKEN: text('Token prefilled in GraphiQL in embedded-simulator mode only', 'demo-token'),
  DEFAULT_PAGE_SIZE: int('Page size when `page.size` is not given', 20, 1, 1000),
  MAX_PAGE_SIZE: int('Largest accepted `page.size`', 100, 1, 1000),
  UPSTREAM_CONNECTIONS: int('Max sockets to the SWR endpoint', 64, 1, 4096),
  UPSTREAM_CONNECT_TIMEOUT_MS: int('TCP/TLS connect timeout to SWR', 2000, 1, 60000),
  UPSTREAM_HEADERS_TIMEOUT_MS: int('Time to wait for SWR response headers', 5000, 1, 60000),
  UPSTREAM_BODY_TIMEOUT_MS: int('Max idle time between SWR response body chunks', 5000, 1, 60000),
  UPSTREAM_MAX_RESPONSE_BYTES: int(
    'Largest SWR response body accepted',
    4 * 1024 * 1024,
    1024,
    512 * 1024 * 1024,
  ),
  FEDERATION_CENTER: oneOf(
    'Center a federation reference (`SharedRepository` by `namespace name`) resolves through: THIRD_PARTY = shared with the caller, SELF = shared by the caller',
    'THIRD_PARTY',
    ['THIRD_PARTY', 'SELF'] as const,
  ),
  CACHE_ENABLED: bool('Cross-request cache of upstream pages (per credential)', true),
  CACHE_TTL_MS: int('How long a cached page is fresh (served without asking SWR)', 30_000, 1, 86_400_000),
  CACHE_STALE_WHILE_REVALIDATE_MS: int(
    'After freshness: window in which a stale page is served at once and refreshed in the background',
    60_000,
    0,
    86_400_000,
  ),
  CACHE_STALE_IF_ERROR_MS: int(
    'After freshness: window in which a stale page is served when SWR times out, is unavailable or answers 5xx/429',
    600_000,
    0,
    86_400_000,
  ),
  CACHE_MAX_ENTRIES: int('In-memory cache: most pages kept', 10_000, 1, 10_000_000),
  CACHE_MAX_BYTES: int(
    'In-memory cache: most bytes kept (each page at the size SWR sent it; decoded, it takes about 1.4 times that in the heap, which every full garbage collection walks)',
    16 * 1024 * 1024,
    1024,
    2 ** 34,
  ),
  CACHE_MAX_ENTRY_BYTES: int(
    'Largest single page stored (memory and Redis); larger ones are served but not cached',
    1024 * 1024,
    256,
    512 * 1024 * 1024,
  ),
  CACHE_HMAC_SECRET: optionalSecret(
    'Secret that keys cache entries to credentials (HMAC-SHA256). Required with REDIS_URL and shared by replicas; unset without Redis: a random per-process secret',
    32,
  ),
  REDIS_URL: optionalRedisUrl(
    'Shared cache tier, e.g. redis://redis:6379/0 (replicas share one cache). Unset: memory only',
  ),
  REDIS_KEY_PREFIX: text('Prefix of every Redis key the gateway writes', 'swrgw:'),
  REDIS_COMMAND_TIMEOUT_MS: int(
    'Redis command timeout; a slower Redis is skipped (memory + upstream)',
    150,
    1,
    10_000,
  ),
  REDIS_RETRY_AFTER_MS: int(
    'After a Redis error, how long requests skip Redis before trying it again',
    1000,
    0,
    600_000,
  ),
  CACHE_LOCK_TTL_MS: int(
    'Cross-replica single-flight: lifetime of the Redis lock one replica holds while it fetches',
    6000,
    100,
    120_000,
  ),
  CACHE_LOCK_WAIT_MS: int(
    'Cross-replica single-flight: how long other replicas wait for the value before fetching themselves',
    5000,
    0,
    120_000,
  ),
  CACHE_LOCK_POLL_MS: int(
    'Cross-replica single-flight: how often a waiting replica looks for the value',
    20,
    1,
    5000,
  ),
  FAST_PATH_ENABLED: bool(
    'Answer known queries before yoga: from kept results while their pages are fresh, else by direct execution (needs the cache; off in trusted-documents-only mode)',
    true,
  ),
  FAST_PATH_MAX_RESULTS: int('Fast path: most query results kept in memory', 10_000, 1, 10_000_000),
  FAST_PATH_MAX_BYTES: int(
    'Fast path: most bytes of kept query results (serialized size)',
    32 * 1024 * 1024,
    1024,
    2 ** 34,
  ),
  KNOWN_DOCUMENTS_MAX_ENTRIES: int(
    'Most GraphQL documents kept validated and compiled (admitted by how often they are asked for)',
    1000,
    1,
    1_000_000,
  ),
  KNOWN_DOCUMENTS_MAX_BYTES: int(
    'Most bytes of known documents (their text and compiled forms, estimated)',
    16 * 1024 * 1024,
    64 * 1024,
    2 ** 32,
  ),
  INTROSPECTION_ENABLED: bool(
    'Answer introspection queries (default: on unless NODE_ENV=production; GraphiQL needs it)',
    undefined,
  ),
  CORS_ORIGINS: patternList(
    'Browser origins allowed to call the gateway cross-origin, e.g. https://console.example.com; empty: no CORS grant at all',
    ORIGIN,
    'an origin like https://app.example.com',
  ),
  TRUSTED_DOCUMENTS_FILE: documentsFile(
    'JSON file of trusted documents `{ "<id>": "<query>" }`; when set, clients send `extensions.persistedQuery.sha256Hash` (or `documentId`) instead of a query',
  ),
  TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: bool(
    'With TRUSTED_DOCUMENTS_FILE: also execute documents that are not in the file (rollout mode; default false)',
    undefined,
  ),
  MAX_DEPTH: int('Deepest selection nesting per operation (fragments count as a level)', 8, 1, 100),
  MAX_ALIASES: int('Most field aliases per operation', 15, 0, 1000),
  MAX_TOKENS: int('Most lexical tokens per document', 1000, 10, 100000),
  MAX_DIRECTIVES: int('Most directives per operation', 50, 0, 1000),
  MAX_COST: int(
    'Largest operation cost: the sum of the page sizes of its `sharedRepositories` fields (records fetched)',
    300,
    1,
    100000,
  ),
  MAX_SHARED_REPOSITORIES_FIELDS: int(
    'Most `sharedRepositories` fields per operation (each one is an upstream call)',
    3,
    1,
    100,
  ),
  MAX_REQUEST_BODY_BYTES: int('Largest accepted HTTP request body', 65536, 1024, 10 * 1024 * 1024),
  HTTP_MAX_HEADER_BYTES: int(
    'Largest accepted request header block (IAM tokens can be 20,000+ characters); more gets 431',
    49152,
    16384,
    1048576,
  ),
  HTTP_REQUEST_TIMEOUT_MS: int('Time a client may take to send a whole request', 30000, 1000, 600000),
  HTTP_HEADERS_TIMEOUT_MS: int('Time a client may take to send the request headers', 10000, 100, 600000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(
    'Idle keep-alive time; keep it above the load balancer idle timeout',
    65000,
    1000,
    600000,
  ),
  SHUTDOWN_DELAY_MS: int(
    'On SIGTERM: time /ready reports draining before the listener closes (lets load balancers stop routing)',
    0,
    0,
    600000,
  ),
  SHUTDOWN_GRACE_MS: int(
    'On SIGTERM: time in-flight requests get to finish before connections are cut',
    10000,
    0,
    600000,
  ),
  WORKERS: int('Processes sharing the port on this host (node:cluster); 1 runs without a primary', 1, 1, 64),
  METRICS_ENABLED: bool('Serve Prometheus metrics at /metrics', true),
  METRICS_PORT: optionalInt(
    'Serve /metrics on this separate port instead of the main one (required with WORKERS > 1: the primary aggregates)',
    0,
    65535,
  ),
  METRICS_MAX_OPERATION_NAMES: int(
    'Distinct operation names kept as metric labels; later ones count as "other"',
    50,
    0,
    1000,
  ),
  REQUEST_DEADLINE_MS: int(
    'Overall deadline for the upstream work of one GraphQL request (attempts, queueing, retry pauses); below the 30 s a federation router usually allows',
    10000,
    100,
    120000,
  ),
  UPSTREAM_RETRY_MAX_ATTEMPTS: int(
    'Attempts per upstream call, the first included (1 = no retries)',
    3,
    1,
    10,
  ),
  UPSTREAM_RETRY_BASE_DELAY_MS: int(
    'Backoff before retry n: a random 0..base·2^(n-1) ms (full jitter)',
    100,
    1,
    60000,
  ),
  UPSTREAM_RETRY_MAX_DELAY_MS: int('Upper bound of one backoff pause', 2000, 1, 60000),
  UPSTREAM_RETRY_BUDGET_PERCENT: int(
    'Retries allowed as a percentage of upstream calls, so retries cannot multiply load in an outage',
    20,
    0,
    100,
  ),
  UPSTREAM_RETRY_BUDGET_RESERVE: int(
    'Retries available beyond the percentage, and the most that can be saved up',
    10,
    0,
    10000,
  ),
  UPSTREAM_BREAKER_FAILURES: int(
    'Consecutive upstream failures (timeouts, network errors, 5xx) that open the circuit breaker',
    5,
    1,
    1000,
  ),
  UPSTREAM_BREAKER_OPEN_MS: int(
    'How long the open circuit fails fast before one probe is let through',
    5000,
    10,
    600000,
  ),
  UPSTREAM_MAX_CONCURRENT: int(
    'Upstream requests in flight at once (bulkhead); at most UPSTREAM_CONNECTIONS',
    32,
    1,
    4096,
  ),
  UPSTREAM_QUEUE_SIZE: int(
    'Upstream requests that may wait for a slot; beyond that UPSTREAM_BUSY at once',
    16,
    0,
    4096,
  ),
  SIMULATOR_PORT: int('Port of the standalone simulator (`npm run simulator`)', 4010, 0, 65535),
  SIMULATOR_STRICT_OFFSET: bool('Simulator: require offset to be a multiple of limit (older docs)', false),
  SWR_AUTH_MODE: oneOf(
    "How the gateway authenticates to SWR: the caller's own token, a service IAM token, or AK/SK signing",
    'passthrough',
    SWR_AUTH_MODES,
  ),
  SWR_REGION: optionalText(
    'Huawei Cloud region, e.g. cn-north-4: derives SWR_ENDPOINT and IAM_ENDPOINT where unset, and IAM_PROJECT',
    { regex: REGION_PATTERN, hint: 'a region name such as cn-north-4' },
  ),
  IAM_ENDPOINT: optionalUrl(
    'token mode: IAM origin. Default: from SWR_REGION; with the embedded simulator, the simulator',
    { originOnly: true, secureUnlessLoopback: true },
  ),
  IAM_DOMAIN: optionalText('token mode: account (domain) name the IAM user belongs to'),
  IAM_USER: optionalText('token mode: IAM user name'),
  IAM_PASSWORD: secret('token mode: IAM user password'),
  IAM_PROJECT: optionalText('token mode: project (name) the token is scoped to. Default: SWR_REGION'),
  IAM_TOKEN_REFRESH_BEFORE_S: int(
    'token mode: refresh the token this long before it expires (at most half its lifetime)',
    600,
    0,
    43200,
  ),
  SWR_AK: optionalText('aksk mode: access key id'),
  SWR_SK: secret('aksk mode: secret access key'),
  SWR_PROJECT_ID: optionalText('aksk mode: project id, sent and signed as X-Project-Id'),
  SWR_SECURITY_TOKEN: secret(
    'aksk mode: security token of temporary AK/SK, sent and signed as X-Security-Token',
  ),
  CALLER_AUTH: optionalOneOf(
    'token/aksk modes (required there): how callers prove who they are before using the service identity',
    CALLER_AUTH_MODES,
  ),
  JWT_JWKS_URL: optionalUrl(
    'CALLER_AUTH=jwt: JWKS URL of the identity provider (https; http only to localhost)',
    {
      secureUnlessLoopback: true,
    },
  ),
  JWT_ISSUER: optionalText('CALLER_AUTH=jwt: required `iss` of caller tokens'),
  JWT_AUDIENCE: optionalText('CALLER_AUTH=jwt: required `aud` of caller tokens'),
  JWT_ALGORITHMS: list(
    'CALLER_AUTH=jwt: accepted signature algorithms',
    ['RS256', 'ES256'],
    JWT_ALGORITHM_VALUES,
  ),
  JWT_CLOCK_TOLERANCE_S: int('CALLER_AUTH=jwt: allowed clock skew for `exp`/`nbf`', 30, 0, 300),
  API_KEYS: secretList('CALLER_AUTH=api-key: keys callers send in X-Api-Key', MIN_API_KEY_LENGTH),
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
export type Parsed = { [K in SettingName]: ReturnType<Settings[K]['parse']> };

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
  /** Deadline, retries, circuit breaker and bulkhead around the upstream (see README "Failure behaviour"). */
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
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const p = parseAll(env, problems);
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
  const auth = authConfig(p, (name) => env[name] !== undefined && env[name]?.trim() !== '', problems);
  if (p.UPSTREAM_MAX_CONCURRENT > p.UPSTREAM_CONNECTIONS) {
    // More calls in flight than sockets would queue inside the pool, out of the bulkhead's sight.
    problems.push(
      `UPSTREAM_MAX_CONCURRENT (${p.UPSTREAM_MAX_CONCURRENT}) must not exceed UPSTREAM_CONNECTIONS (${p.UPSTREAM_CONNECTIONS})`,
    );
  }
  problems.push(...combinationProblems(p));
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
    simulator: { port: p.SIMULATOR_PORT, strictOffset: p.SIMULATOR_STRICT_OFFSET ?? false },
    introspection: p.INTROSPECTION_ENABLED ?? (graphiql || p.NODE_ENV !== 'production'),
    corsOrigins: p.CORS_ORIGINS,
    trustedDocuments: p.TRUSTED_DOCUMENTS_FILE && {
      documents: p.TRUSTED_DOCUMENTS_FILE,
      allowArbitrary: p.TRUSTED_DOCUMENTS_ALLOW_ARBITRARY ?? false,
    },
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
    federation: { center: p.FEDERATION_CENTER },
    region: p.SWR_REGION,
    ...auth,
    fastPath: {
      enabled: p.FAST_PATH_ENABLED ?? true,
      maxResults: p.FAST_PATH_MAX_RESULTS,
      maxBytes: p.FAST_PATH_MAX_BYTES,
    },
    knownDocuments: { maxEntries: p.KNOWN_DOCUMENTS_MAX_ENTRIES, maxBytes: p.KNOWN_DOCUMENTS_MAX_BYTES },
    cache: {
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
    },
  };
}

/** Settings that are valid alone but not together. */
function combinationProblems(p: Parsed): string[] {
  const problems: string[] = [];
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
