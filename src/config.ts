/**
 * Configuration: every setting comes from the environment, is parsed and validated once at start, and every
 * problem is reported together. No other file reads `process.env`. An empty value counts as unset.
 */

import { readFileSync } from 'node:fs';

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

function optionalInt(doc: string, min: number, max: number): Setting<number | undefined> {
  const inner = int(doc, 0, min, max);
  return {
    doc: inner.doc,
    example: '',
    parse: (raw, problems, name) => (raw === undefined ? undefined : inner.parse(raw, problems, name)),
  };
}

function list(doc: string, pattern: RegExp, what: string): Setting<string[]> {
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
  INTROSPECTION_ENABLED: bool(
    'Answer introspection queries (default: on unless NODE_ENV=production; GraphiQL needs it)',
    undefined,
  ),
  CORS_ORIGINS: list(
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
  problems.push(...combinationProblems(p));
  if (problems.length > 0) throw new ConfigError(problems);
  const graphiql = p.GRAPHIQL_ENABLED ?? p.NODE_ENV !== 'production';
  return {
    env: p.NODE_ENV,
    host: p.HOST,
    port: p.PORT,
    logLevel: p.LOG_LEVEL,
    swrEndpoint: p.SWR_ENDPOINT,
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
