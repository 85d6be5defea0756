/**
 * The OpenTelemetry SDK, set up from the validated configuration: loaded only when tracing is on (`src/main.ts`
 * requires this module then), so a gateway without tracing runs the API's no-ops and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { context, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from '../config';
import type { Logger } from '../logger';

export interface Tracing {
  /** Export every span finished so far. */
  flush(): Promise<void>;
  /**
   * Export what is left and stop, within `timeoutMs` (a collector that does not answer must not hold up a stop);
   * the API is a no-op again afterwards.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface TracingOptions {
  /** Every span goes here instead of the configured exporters (tests: the SDK's `InMemorySpanExporter`). */
  exporter?: SpanExporter;
}

function sampler({ name, ratio }: TracingConfig['sampler']): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/** OTLP over HTTP, in the configured encoding; only the exporter in use is loaded. */
function otlpExporter(otlp: TracingConfig['otlp']): SpanExporter {
  const options = {
    url: otlp.url,
    headers: Object.fromEntries([...otlp.headers].map(([name, value]) => [name, value.reveal()])),
  };
  if (otlp.protocol === 'http/json') {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}

function exporters(config: TracingConfig): SpanExporter[] {
  return config.exporters.map((name) =>
    name === 'otlp' ? otlpExporter(config.otlp) : new ConsoleSpanExporter(),
  );
}

/**
 * Only what the operator chose: service name and version, a per-process instance id (replicas apart) and
 * OTEL_RESOURCE_ATTRIBUTES. No process or host detectors: a command line or environment may hold credentials.
 */
function resource(config: TracingConfig) {
  const { version } = require('../../package.json') as { version: string };
  return defaultResource().merge(
    resourceFromAttributes({
      'service.version': version,
      'service.instance.id': randomUUID(),
      ...config.resourceAttributes,
      'service.name': config.serviceName,
    }),
  );
}

/** The SDK's own complaints (an export that failed) as warnings of the gateway's log; never its chatter. */
function diagnostics(logger: Logger): void {
  const warn = (message: string) => logger.warn({ otel: message }, 'tracing: span export problem');
  const ignore = () => undefined;
  diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
}

/**
 * Register the SDK with the OpenTelemetry API: a tracer provider with the configured sampler and resource, a batch
 * span processor per exporter, W3C Trace Context propagation, and the AsyncLocalStorage context manager (the
 * active span follows each request, so its log lines carry its ids). One per process; `shutdown` unregisters it.
 */
export function startTracing(config: TracingConfig, logger: Logger, options: TracingOptions = {}): Tracing {
  diagnostics(logger.child({ component: 'tracing' }));
  const provider = new NodeTracerProvider({
    resource: resource(config),
    sampler: sampler(config.sampler),
    spanProcessors: (options.exporter ? [options.exporter] : exporters(config)).map(
      (exporter) => new BatchSpanProcessor(exporter, config.batch),
    ),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  let stopped: Promise<void> | undefined;
  return {
    flush: () => provider.forceFlush(),
    shutdown(timeoutMs = config.batch.exportTimeoutMillis) {
      stopped ??= Promise.race([provider.shutdown(), delay(timeoutMs, undefined, { ref: false })]).then(
        () => {
          trace.disable();
          context.disable();
          propagation.disable();
          diag.disable();
        },
      );
      return stopped;
    },
  };
}
