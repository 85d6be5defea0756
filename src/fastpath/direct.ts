import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { ContextBase, GatewayContext } from '../context';
import { costOf } from '../hardening/cost';
import type { UpstreamCredential } from '../swr/credential';
import { handOver } from './handoff';
import { nodeContextBase } from './requestView';
import type { VettedOperation, VettedOperations } from './vetted';

export interface DirectDeps {
  schema: GraphQLSchema;
  vetted: VettedOperations;
  /** The per-request context, built exactly as yoga's context factory builds it (`createContextBuilder`). */
  buildContext: <T extends ContextBase>(base: T, credential: UpstreamCredential | null) => T & GatewayContext;
  maxCost: number;
  defaultPageSize: number;
}

/**
 * The vetted query compiled once more with graphql-jit's `disableLeafSerialization`: values of built-in scalars
 * and enums go into the result as resolved, without a serializer call per leaf — and without the error paths
 * graphql-jit otherwise builds for every leaf of every item (two arrays and an object each, about 30 KB of garbage
 * per 20-item page). Custom scalars (`Long`, `DateTime`) keep their serializers. That is exact here because every
 * such value is already in its output form: a page's fields are checked and mapped when SWR answers (strings,
 * booleans, 32-bit `Int`s, category names), the
 * connection's numbers and cursors are computed ints and strings, and introspection and federation fields come
 * from graphql-js and the federation plugin as strings, booleans and enum names. Should the variant not compile,
 * the vetted query runs as compiled for yoga.
 */
export function directQuery(schema: GraphQLSchema, vetted: VettedOperation): CompiledQuery {
  if (vetted.direct === undefined) {
    const compiled = compileQuery(schema, vetted.document, vetted.operation.name?.value, {
      disableLeafSerialization: true,
    });
    vetted.direct = isCompiledQuery(compiled) ? compiled : vetted.compiled;
  }
  return vetted.direct;
}

/** The caller left before its answer: nothing is written, nothing handed over. */
export const CLIENT_GONE = 'client-gone';

export interface DirectRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** A successful result the direct path executed, for the handler to answer and keep. */
export interface DirectResult {
  data: unknown;
  operation: VettedOperation;
  /** The request's context: its id, request view, upstream calls and cache lookups. */
  context: GatewayContext & ContextBase;
}

/**
 * Direct execution of vetted documents, the cold half of the fast path: a query yoga already accepted once runs
 * again without the yoga pipeline — variables coerced by graphql-js, the cost limit checked with them, the same
 * context and compiled query as yoga's own execution. It answers only a result without errors; everything else
 * goes to yoga: an unknown document, variables that do not coerce or a cost over the limit before anything runs
 * (yoga refuses them with its exact errors), and a result with errors after (handed over, so yoga masks and
 * shapes the errors without running the operation a second time). A caller that left gets nothing.
 */
export function createDirectExecutor(deps: DirectDeps) {
  return async function execute(
    req: IncomingMessage,
    res: ServerResponse,
    op: DirectRequest,
    credential: UpstreamCredential,
  ): Promise<DirectResult | typeof CLIENT_GONE | undefined> {
    const vetted = deps.vetted.get(op.query, op.operationName);
    if (!vetted) return undefined;
    const variables = getVariableValues(
      deps.schema,
      vetted.operation.variableDefinitions ?? [],
      op.variables ?? {},
    );
    if (variables.errors) return undefined;
    const cost = costOf(
      deps.schema,
      vetted.document,
      vetted.operation,
      variables.coerced,
      deps.defaultPageSize,
    );
    if (cost === undefined || cost > deps.maxCost) return undefined;
    const context = deps.buildContext(nodeContextBase(req, res), credential);
    let result: ExecutionResult;
    try {
      result = await directQuery(deps.schema, vetted).query(undefined, context, variables.coerced);
    } catch {
      return undefined;
    } finally {
      context.finish();
    }
    if (context.clientGone) return CLIENT_GONE;
    if (result.errors?.length || result.data == null) {
      handOver(req, { result, upstreamCalls: context.upstreamCalls, cacheLookups: context.cacheLookups });
      return undefined;
    }
    return { data: result.data, operation: vetted, context };
  };
}
