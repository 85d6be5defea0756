/**
 * Configuration: every setting comes from the environment, is parsed and validated once at start, and every
 * problem is reported together. No other file reads `process.env`. An empty value counts as unset.
 */

import type { ResilienceSettings } from './resilience/policy';

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

function optionalUrl(doc: string): Setting<URL | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      try {
        const url = new URL(raw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        if (url.pathname !== '/' || url.search || url.hash) {
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

/** Every setting the gateway reads. The README table and `.env.example` list exactly these (a test checks). */
export const SETTINGS = {
  NODE_ENV: oneOf('Environment; `production` turns GraphiQL off by default', 'development', [
    'development',
    'production',
    'test',
  ] as const),
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
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
type Parsed = { [K in SettingName]: ReturnType<Settings[K]['parse']> };

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
  if (p.UPSTREAM_MAX_CONCURRENT > p.UPSTREAM_CONNECTIONS) {
    // More calls in flight than sockets would queue inside the pool, out of the bulkhead's sight.
    problems.push(
      `UPSTREAM_MAX_CONCURRENT (${p.UPSTREAM_MAX_CONCURRENT}) must not exceed UPSTREAM_CONNECTIONS (${p.UPSTREAM_CONNECTIONS})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: p.NODE_ENV,
    host: p.HOST,
    port: p.PORT,
    logLevel: p.LOG_LEVEL,
    swrEndpoint: p.SWR_ENDPOINT,
    graphiql: p.GRAPHIQL_ENABLED ?? p.NODE_ENV !== 'production',
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
