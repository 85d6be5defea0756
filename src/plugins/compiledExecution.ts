import { getOperationAST } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { compiledQuery, type KnownOperations, operationBytes } from '../execution/knownOperation';
import { coercedVariables } from '../execution/variables';
import { requestStateOf } from '../request/state';

/**
 * Yoga's execution of queries through the known-document table: a document that passed every check up to here
 * is offered to the table (admitted by how often it is asked for), and a known one runs compiled by graphql-jit.
 * Variables are coerced by graphql-js first: it applies input-field defaults that graphql-jit's own coercion
 * skips, and a variable error falls back to graphql-js so that error responses stay exactly as the spec (and
 * yoga) shape them. A document that is not admitted, or that graphql-jit cannot compile, runs on graphql-js.
 * A result the front door already executed for this request (it had errors) is used as is.
 */
export function useCompiledExecution(
  documents: KnownOperations,
): Plugin<GatewayContext & YogaInitialContext> {
  return {
    onExecute({ args, setExecuteFn }) {
      const context = args.contextValue;
      const state = requestStateOf(context, context.request);
      const handed = state.handedOver;
      if (handed) {
        state.handedOver = undefined;
        // The same request's operation, already run by the front door: report its upstream work, not again.
        setExecuteFn((a) => {
          a.contextValue.upstreamCalls = handed.upstreamCalls;
          a.contextValue.cacheLookups = handed.cacheLookups;
          return handed.result;
        });
        return;
      }
      const operation = getOperationAST(args.document, args.operationName);
      const { query, operationName } = context.params;
      if (operation?.operation !== 'query' || typeof query !== 'string') return;
      const variables = coercedVariables(
        args.schema,
        operation,
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (variables === undefined) return;
      const name = operationName ?? undefined;
      // One sighting per request: where the front door already counted it, a second lookup would count it twice.
      const held = state.documentSighted ? documents.peek(query, name) : documents.lookup(query, name);
      const known =
        held ??
        documents.offer(
          query,
          name,
          { document: args.document, operation, name: operation.name?.value },
          operationBytes(query),
        );
      state.known = known;
      const compiled = known && compiledQuery(args.schema, known.value);
      if (!compiled) return;
      setExecuteFn((a) => compiled.query(a.rootValue, a.contextValue, variables));
    },
  };
}
