import { type DocumentNode, type GraphQLSchema, getOperationAST } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { takeHandedOver } from '../fastpath/handoff';
import type { VettedOperations } from '../fastpath/vetted';

type Compiled = CompiledQuery | null;

interface Params {
  query?: unknown;
  operationName?: unknown;
}

/**
 * Compiled execution for queries: each distinct document (yoga caches parsed documents, so the same text is the
 * same object) is compiled once by graphql-jit into plain JS, which runs the ~360 fields of a page several times
 * faster than graphql-js's interpreter. Variables are coerced by graphql-js first: it applies input-field
 * defaults that graphql-jit's own coercion skips, and a variable error falls back to graphql-js so that error
 * responses stay exactly as the spec (and yoga) shape them. Anything graphql-jit cannot compile also falls back.
 *
 * With `vetted`, every compiled query that reached execution (so passed every check before it) is recorded for
 * the fast path's direct execution; a result that path already executed and handed over is used as is.
 */
export function useCompiledExecution(vetted?: VettedOperations): Plugin<GatewayContext> {
  // One plugin per app, and an app has one schema: documents alone key the compiled queries.
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const paramsOf = new WeakMap<Request, Params>();

  function compiledFor(schema: GraphQLSchema, document: DocumentNode, operationName: string): Compiled {
    const byOperation = compiled.get(document) ?? new Map<string, Compiled>();
    compiled.set(document, byOperation);
    let entry = byOperation.get(operationName);
    if (entry === undefined) {
      const result = compileQuery(schema, document, operationName || undefined);
      entry = isCompiledQuery(result) ? result : null;
      byOperation.set(operationName, entry);
    }
    return entry;
  }

  return {
    onParams({ params, request }) {
      if (vetted) paramsOf.set(request, params as Params);
    },
    onExecute({ args, setExecuteFn }) {
      const handed = takeHandedOver(args.contextValue);
      if (handed) {
        // The same request's operation, already run by the fast path: report its upstream work, not again.
        setExecuteFn((a) => {
          a.contextValue.upstreamCalls = handed.upstreamCalls;
          a.contextValue.cacheLookups = handed.cacheLookups;
          return handed.result;
        });
        return;
      }
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const variables = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (variables.errors) return;
      const query = compiledFor(args.schema, args.document, args.operationName ?? '');
      if (!query) return;
      const params = vetted ? paramsOf.get(args.contextValue.request) : undefined;
      if (params && typeof params.query === 'string') {
        const name = typeof params.operationName === 'string' ? params.operationName : undefined;
        vetted?.add(params.query, name, {
          document: args.document,
          operation,
          compiled: query,
          name: operation.name?.value,
        });
      }
      setExecuteFn((a) => query.query(a.rootValue, a.contextValue, variables.coerced));
    },
  };
}
