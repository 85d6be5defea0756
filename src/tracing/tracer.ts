import { type Tracer, trace } from '@opentelemetry/api';

/** The instrumentation scope of every span the gateway makes. */
export const INSTRUMENTATION_SCOPE = 'swr-graphql-gateway';

/**
 * The gateway's tracer, through the OpenTelemetry API: spans go to the SDK `startTracing` registered (src/main.ts
 * does when tracing is on). Made once per gateway and passed to what makes spans; without it nothing does.
 */
export function gatewayTracer(): Tracer {
  return trace.getTracer(INSTRUMENTATION_SCOPE);
}

export type { Tracer };
