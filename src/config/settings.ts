import { REGION_PATTERN } from '../swr/credentials/endpoints';
import { CALLER_AUTH_MODES, JWT_ALGORITHM_VALUES, MIN_API_KEY_LENGTH, SWR_AUTH_MODES } from './auth';
import {
  bool,
  documentsFile,
  int,
  list,
  oneOf,
  optionalInt,
  optionalOneOf,
  optionalRedisUrl,
  optionalSecret,
  optionalText,
  optionalUrl,
  patternList,
  secret,
  secretList,
  text,
} from './kinds';
import { optionalRate, proxyHops } from './rate';
import { TRACING_SETTINGS } from './tracing';

/** An origin as browsers send it in `Origin`: scheme, host, optional port, nothing else. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Every setting the gateway reads. `docs/configuration.md` and `.env.example` list exactly these (a test checks). */
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
    'In-memory cache: most bytes kept (each page at the size SWR sent it; decoded, it takes more than that in the heap, which every full garbage collection walks)',
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
  TRUST_PROXY: proxyHops(
    'Proxies in front of the gateway whose X-Forwarded-For is believed: with CALLER_AUTH=anonymous the client address (the caller of CALLER_RATE_LIMIT) is the one the outermost trusted proxy saw',
  ),
  CALLER_RATE_LIMIT: optionalRate(
    'Requests per caller per window to /graphql (cache hits included); over it: 429 RATE_LIMITED. The caller: the SWR token (passthrough), the API key, the JWT issuer + subject, or the client address (anonymous). Shared by replicas with REDIS_URL. Unset: no limit',
  ),
  UPSTREAM_RATE_LIMIT: optionalRate(
    'SWR calls per SWR identity per window (the service identity, or each token in passthrough); cache hits never count. Spent: a cached page (stale within CACHE_STALE_IF_ERROR_MS) or RATE_LIMITED without calling SWR. Shared by replicas with REDIS_URL. Unset: no budget',
  ),
  ...TRACING_SETTINGS,
} as const;

export type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
export type Parsed = { [K in SettingName]: ReturnType<Settings[K]['parse']> };
