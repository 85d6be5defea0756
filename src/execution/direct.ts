import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { ContextBase, GatewayContext } from '../context';
import { costOf } from '../hardening/cost';
import { nodeContextBase } from '../request/nodeView';
import { checkedOperationName } from '../request/record';
import type { HandedOver } from '../request/state';
import type { UpstreamCredential } from '../swr/credentials/credential';
import { endOperationSpan, startOperationSpan } from '../tracing/operationSpan';
import type { Tracer } from '../tracing/tracer';
import { directQuery, type KnownOperation } from './knownOperation';
import { coercedVariables } from './variables';

export interface DirectDeps {
  schema: GraphQLSchema;
  /** The per-request context, built exactly as yoga's context factory builds it (`createContextBuilder`). */
  buildContext: <T extends ContextBase>(
    base: T,
    credential: UpstreamCredential | null,
    caller?: string,
  ) => T & GatewayContext;
  maxCost: number;
  defaultPageSize: number;
  /** Traces each operation it runs; absent when tracing is off. */
  tracer?: Tracer | undefined;
}

/** The caller left before its answer: nothing is written, nothing handed over. */
export const CLIENT_GONE = 'client-gone';

/** What direct execution of one request came to. */
export type DirectOutcome =
  /** A result without errors, for the front door to answer (and keep). */
  | { kind: 'answer'; data: unknown; context: GatewayContext }
  /** A result with errors: yoga masks and shapes them, without running the operation again. */
  | { kind: 'hand-over'; handedOver: HandedOver }
  /** Nothing ran: yoga judges the request (variables that do not coerce, a cost over the limit). */
  | { kind: 'decline' }
  | { kind: typeof CLIENT_GONE };

export interface DirectRequest {
  known: KnownOperation;
  variables: Record<string, unknown> | undefined;
  credential: UpstreamCredential;
  caller: string | undefined;
  requestId: string;
  /** The request's SERVER span (when tracing): the operation's span is its child. */
  serverSpan?: Span | undefined;
}

/**
 * Direct execution of known documents, the cold half of the fast path: a query yoga already accepted once runs
 * again without the yoga pipeline — variables coerced by graphql-js, the cost limit checked with them, the same
 * context as yoga's own execution. Before anything runs, whatever yoga would refuse is declined (yoga refuses it
 * with its exact errors); a result with errors is handed over for yoga to shape. A caller that left gets nothing.
 */
export function createDirectExecutor(deps: DirectDeps) {
  return async function execute(
    req: IncomingMessage,
    res: ServerResponse,
    request: DirectRequest,
  ): Promise<DirectOutcome> {
    const { known } = request;
    const variables = coercedVariables(deps.schema, known.operation, request.variables ?? {});
    if (variables === undefined) return { kind: 'decline' };
    const cost = costOf(deps.schema, known.document, known.operation, variables, deps.defaultPageSize);
    if (cost === undefined || cost > deps.maxCost) return { kind: 'decline' };
    const query = directQuery(deps.schema, known);
    if (query === null) return { kind: 'decline' };
    const context = deps.buildContext(
      nodeContextBase(req, res, request.requestId),
      request.credential,
      request.caller,
    );
    const traced =
      deps.tracer &&
      startOperationSpan(deps.tracer, request.serverSpan, {
        type: 'query',
        name: checkedOperationName(known.name),
        answer: 'direct',
      });
    if (traced) context.trace = traced.context;
    let result: ExecutionResult;
    try {
      result = await query.query(undefined, context, variables);
    } catch {
      if (traced) endOperationSpan(traced.span, 1);
      return { kind: 'decline' };
    } finally {
      context.finish();
    }
    if (traced) endOperationSpan(traced.span, result.errors?.length ?? 0);
    if (context.clientGone) return { kind: CLIENT_GONE };
    if (result.errors?.length || result.data == null) {
      const { upstreamCalls, cacheLookups } = context;
      return { kind: 'hand-over', handedOver: { result, upstreamCalls, cacheLookups } };
    }
    return { kind: 'answer', data: result.data, context };
  };
}
