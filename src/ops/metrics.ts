import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { UpstreamObserver } from '../swr/client';
import { LeanHistogram } from './histogram';

/** One sample of a stat read at scrape time. */
export interface StatSample {
  labels?: Record<string, string>;
  value: number;
}

/**
 * Numbers another component keeps itself (cache counters, breaker state, retry counts), read when Prometheus
 * scrapes. E.g. `metrics.registerStats({ name: 'gateway_cache_events_total', help: '...', type: 'counter',
 * labelNames: ['event'], read: () => [{ labels: { event: 'hit' }, value: cache.stats().hits }] })`.
 */
export interface StatsProvider {
  name: string;
  help: string;
  /** `counter`: a total that only grows; `gauge`: a current value. */
  type: 'counter' | 'gauge';
  labelNames?: string[];
  read(): StatSample[];
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Label values are bounded: anything else a client sends becomes one of these. */
const OTHER = 'other';
/** A GraphQL name of reasonable length: the only operation names logged or used as labels. */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Operation names are chosen by clients: the first `max` distinct valid names become labels, every later
 * one (and any malformed or overlong name) counts as "other", so the series count stays bounded.
 */
export class OperationNames {
  private readonly known = new Set<string>();
  constructor(private readonly max: number) {}

  label(name: string | undefined): string {
    if (name === undefined) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return OTHER;
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max) return OTHER;
    this.known.add(name);
    return name;
  }
}

/** HTTP statuses as label text, without a new string per request for the common ones. */
const STATUS_LABELS = new Map<number, string>();
function statusLabel(status: number): string {
  let label = STATUS_LABELS.get(status);
  if (label === undefined) {
    label = String(status);
    if (STATUS_LABELS.size < 600) STATUS_LABELS.set(status, label);
  }
  return label;
}

/** Error codes come from the server, but a bug must not turn a message into a label. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN';
}

/** The gateway's Prometheus metrics; one instance (and registry) per app, never the global default. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operationNames: OperationNames;
  // The request path's histograms and gauge record into plain numbers (`LeanHistogram`, a counter read at scrape
  // time): prom-client's own label handling would validate and hash labels on every request.
  readonly httpDuration: LeanHistogram<'method' | 'route' | 'status'>;
  readonly graphqlDuration: LeanHistogram<'operation_type' | 'operation_name'>;
  readonly graphqlErrors: Counter<'code'>;
  readonly upstreamCallsPerRequest: LeanHistogram;
  readonly upstreamDuration: LeanHistogram<'status'>;
  private upstreamInFlight = 0;

  constructor(options: { maxOperationNames: number }) {
    const registers = [this.registry];
    this.operationNames = new OperationNames(options.maxOperationNames);
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new LeanHistogram(
      'gateway_http_request_duration_seconds',
      'HTTP requests served, by method, route and status',
      ['method', 'route', 'status'],
      DURATION_BUCKETS,
      this.registry,
    );
    this.graphqlDuration = new LeanHistogram(
      'gateway_graphql_operation_duration_seconds',
      'GraphQL operations executed (request arrival to response), by operation type and bounded operation name',
      ['operation_type', 'operation_name'],
      DURATION_BUCKETS,
      this.registry,
    );
    this.graphqlErrors = new Counter({
      name: 'gateway_graphql_errors_total',
      help: 'GraphQL errors returned to clients, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.upstreamCallsPerRequest = new LeanHistogram(
      'gateway_upstream_calls_per_request',
      'SWR calls one GraphQL request caused (0: answered without SWR)',
      [],
      [0, 1, 2, 3, 5, 10],
      this.registry,
    );
    this.upstreamDuration = new LeanHistogram(
      'swr_upstream_request_duration_seconds',
      'HTTP attempts to SWR, by status code or failure (timeout, network, aborted, too_large)',
      ['status'],
      DURATION_BUCKETS,
      this.registry,
    );
    const metrics = this;
    new Gauge({
      name: 'swr_upstream_in_flight_requests',
      help: 'HTTP requests to SWR currently in flight',
      registers,
      collect() {
        this.set(metrics.upstreamInFlight);
      },
    });
  }

  /**
   * One HTTP request served, by yoga or the fast path alike: its duration, the GraphQL errors it returned and, when
   * an operation ran, the operation's duration and the upstream calls it caused.
   */
  recordRequest(request: {
    method: string;
    route: string;
    status: number;
    seconds: number;
    errorCodes?: readonly unknown[];
    operation?: { type?: string; name?: string; upstreamCalls: number };
  }): void {
    const { seconds, operation } = request;
    this.httpDuration.observe([request.method, request.route, statusLabel(request.status)], seconds);
    for (const code of request.errorCodes ?? []) this.graphqlErrors.inc({ code: errorCodeLabel(code) });
    if (operation === undefined) return;
    this.graphqlDuration.observe(
      [operation.type ?? 'unknown', this.operationNames.label(operation.name)],
      seconds,
    );
    this.upstreamCallsPerRequest.observe([], operation.upstreamCalls);
  }

  /** Hands the SWR client a way to report each HTTP attempt. */
  readonly upstreamObserver: UpstreamObserver = {
    start: () => {
      this.upstreamInFlight++;
      const startedAt = performance.now();
      return (status: string) => {
        this.upstreamInFlight--;
        this.upstreamDuration.observe([status], (performance.now() - startedAt) / 1000);
      };
    },
  };

  /** Expose another component's own counters or state, read at scrape time. */
  registerStats(provider: StatsProvider): void {
    const config = {
      name: provider.name,
      help: provider.help,
      labelNames: provider.labelNames ?? [],
      registers: [this.registry],
    };
    if (provider.type === 'gauge') {
      new Gauge({
        ...config,
        collect() {
          this.reset();
          for (const s of provider.read()) this.set(s.labels ?? {}, s.value);
        },
      });
    } else {
      new Counter({
        ...config,
        collect() {
          this.reset();
          for (const s of provider.read()) this.inc(s.labels ?? {}, s.value);
        },
      });
    }
  }

  /** In a cluster worker: answer the primary's aggregation requests with this registry. */
  shareWithClusterPrimary(): void {
    AggregatorRegistry.setRegistries([this.registry]);
    // Constructing one installs the worker's message listener (prom-client does it lazily).
    new AggregatorRegistry();
  }
}
