import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { GRAPHQL_NAME } from '../metrics';

/** What one request did, gathered across yoga's phases for the access log and the metrics. */
export interface RequestFacts {
  /** performance.now() when the request arrived. */
  startedAt: number;
  operationName?: string;
  operationType?: string;
  /** When execution began (performance.now()); unset when the request was refused before executing. */
  executeStartedAt?: number;
  /** `extensions.code` of every error returned (duplicates kept, so counts are exact). */
  errorCodes: unknown[];
  context?: GatewayContext;
}

const facts = new WeakMap<Request, RequestFacts>();

export function factsOf(request: Request): RequestFacts {
  let f = facts.get(request);
  if (f === undefined) {
    f = { startedAt: performance.now(), errorCodes: [] };
    facts.set(request, f);
  }
  return f;
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

/** Milliseconds since the request arrived, to 0.1 ms. */
export function elapsedMs(facts: Pick<RequestFacts, 'startedAt'>): number {
  return Math.round((performance.now() - facts.startedAt) * 10) / 10;
}

/** Record the operation, its context and the returned error codes of each request. Register it first. */
export function useRequestFacts(): Plugin<GatewayContext> {
  return {
    onRequest({ request }) {
      factsOf(request);
    },
    onParams({ request, params }) {
      // Client-chosen text: only a plausible name is kept (it reaches logs and metric labels).
      const name = params.operationName;
      if (typeof name === 'string')
        factsOf(request).operationName = GRAPHQL_NAME.test(name) ? name : 'invalid';
    },
    onExecute({ args }) {
      const f = factsOf(args.contextValue.request);
      const operation = getOperationAST(args.document, args.operationName);
      const name = operation?.name?.value;
      f.operationName = name === undefined || GRAPHQL_NAME.test(name) ? name : 'invalid';
      f.operationType = operation?.operation;
      f.executeStartedAt = performance.now();
      f.context = args.contextValue;
    },
    onResultProcess({ request, result }) {
      const f = factsOf(request);
      for (const r of Array.isArray(result) ? result : [result]) {
        if (isExecutionResult(r)) for (const e of r.errors ?? []) f.errorCodes.push(e.extensions?.code);
      }
    },
  };
}
