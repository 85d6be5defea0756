import { setTimeout as delay } from 'node:timers/promises';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../../src/logger';
import type { RunningGateway } from '../../src/server';
import type { Simulator } from '../../src/simulator';
import { startTracing, type Tracing } from '../../src/tracing/sdk';
import { startGatewayOver } from './gateway';
import { LogCapture } from './logs';

/**
 * A gateway built as it ships (`startGatewayOver`: cache and fast path on) with tracing on, and the SDK registered as
 * `src/main.ts` registers it (`startTracing`, the configured sampler and batch processor), except that spans go to
 * the SDK's in-memory exporter instead of a collector. One per test file: the SDK is one per process.
 */
export interface TracedGateway {
  gateway: RunningGateway;
  logs: LogCapture;
  exporter: InMemorySpanExporter;
  tracing: Tracing;
  /** Every span of the trace of the request with this `x-request-id`, once its SERVER span has ended. */
  traceOf(requestId: string): Promise<SpanTree>;
  /** Every span exported so far, after a flush. */
  allSpans(): Promise<ReadableSpan[]>;
  close(): Promise<void>;
}

export async function startTracedGateway(
  sim: Simulator,
  env: Record<string, string> = {},
): Promise<TracedGateway> {
  const logs = new LogCapture();
  const gateway = await startGatewayOver(sim, { OTEL_TRACES_EXPORTER: 'otlp', ...env }, logs);
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing(gateway.config.tracing!, createLogger('info', logs), { exporter });
  const allSpans = async () => {
    await tracing.flush();
    return exporter.getFinishedSpans();
  };
  return {
    gateway,
    logs,
    exporter,
    tracing,
    allSpans,
    async traceOf(requestId) {
      for (let waited = 0; waited < 5000; waited += 20) {
        const spans = await allSpans();
        const server = spans.find(
          (s) => s.kind === SpanKind.SERVER && s.attributes['gateway.request_id'] === requestId,
        );
        if (server) return new SpanTree(spans.filter((s) => traceIdOf(s) === traceIdOf(server)));
        await delay(20);
      }
      throw new Error(`no SERVER span for request ${requestId}`);
    },
    async close() {
      await gateway.close();
      await tracing.shutdown();
    },
  };
}

export const traceIdOf = (span: ReadableSpan) => span.spanContext().traceId;
export const spanIdOf = (span: ReadableSpan) => span.spanContext().spanId;

/** The spans of one trace, navigated by parent. */
export class SpanTree {
  constructor(readonly spans: ReadableSpan[]) {}

  get traceId(): string {
    return traceIdOf(this.server);
  }

  /** The trace's one SERVER span (throws when there is none or more than one). */
  get server(): ReadableSpan {
    const servers = this.ofKind(SpanKind.SERVER);
    if (servers.length !== 1) throw new Error(`${servers.length} SERVER spans in the trace`);
    return servers[0] as ReadableSpan;
  }

  ofKind(kind: SpanKind): ReadableSpan[] {
    return this.spans.filter((s) => s.kind === kind);
  }

  childrenOf(parent: ReadableSpan): ReadableSpan[] {
    return this.spans.filter((s) => s.parentSpanContext?.spanId === spanIdOf(parent));
  }

  /** The only child of `parent` (throws otherwise). */
  onlyChildOf(parent: ReadableSpan): ReadableSpan {
    const children = this.childrenOf(parent);
    if (children.length !== 1) throw new Error(`${children.length} children of ${parent.name}`);
    return children[0] as ReadableSpan;
  }

  named(name: string): ReadableSpan[] {
    return this.spans.filter((s) => s.name === name);
  }
}

/** The parent span id of a W3C `traceparent` an upstream received. */
export function parentIdOf(traceparent: unknown): string | undefined {
  return typeof traceparent === 'string' ? traceparent.split('-')[2] : undefined;
}
