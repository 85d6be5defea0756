import { type Context, context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/** Which path answered the operation: yoga's pipeline, the front door's direct execution, or a kept result. */
export type OperationAnswer = 'yoga' | 'direct' | 'kept';

export interface OperationSpanFacts {
  /** `query`, `mutation`, ... */
  type: string;
  /** The operation's name as logged (checked: a GraphQL name of reasonable length, or `invalid`). */
  name: string | undefined;
  answer: OperationAnswer;
}

export interface OperationSpan {
  span: Span;
  /** The span's context: the parent of the operation's page lookups. */
  context: Context;
}

/**
 * Start the span of one GraphQL operation, a child of the request's SERVER span (or of whatever span is active when
 * there is none). One span for the operation, never one per resolver: those cost throughput and say nothing here,
 * where every resolver's time goes into the page lookups that get spans of their own. Variables are not recorded.
 */
export function startOperationSpan(
  tracer: Tracer,
  serverSpan: Span | undefined,
  facts: OperationSpanFacts,
): OperationSpan {
  const parent = serverSpan ? trace.setSpan(context.active(), serverSpan) : context.active();
  const attributes: Record<string, string> = {
    'graphql.operation.type': facts.type,
    'gateway.answer': facts.answer,
  };
  if (facts.name !== undefined) attributes['graphql.operation.name'] = facts.name;
  const span = tracer.startSpan(
    facts.name === undefined ? facts.type : `${facts.type} ${facts.name}`,
    { attributes },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** End an operation's span; a result with errors marks it failed (their codes are on the SERVER span). */
export function endOperationSpan(span: Span, errorCount: number): void {
  if (errorCount > 0) {
    span.setAttribute('graphql.error.count', errorCount);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
