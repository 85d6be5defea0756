import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { cacheReport } from '../cache';
import type { GatewayContext } from '../context';
import type { RequestFinisher } from '../request/finish';
import { checkedOperationName } from '../request/record';
import { requestStateOf } from '../request/state';

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

/**
 * Yoga's part of the request record: the operation, what it did and the errors returned, then the one access line
 * and metric samples (`RequestFinisher`) once yoga has its response. Register it first.
 */
export function useRequestRecord(finish: RequestFinisher): Plugin<GatewayContext> {
  return {
    onRequest({ request, serverContext }) {
      requestStateOf(serverContext, request);
    },
    onParams({ request, params, context }) {
      const name = params.operationName;
      if (typeof name === 'string')
        requestStateOf(context, request).record.operationName = checkedOperationName(name);
    },
    onExecute({ args }) {
      const context = args.contextValue;
      const { record } = requestStateOf(context, context.request);
      const operation = getOperationAST(args.document, args.operationName);
      record.operationName = checkedOperationName(operation?.name?.value);
      const facts = { type: operation?.operation ?? 'unknown', upstreamCalls: 0 };
      record.operation = facts;
      return {
        onExecuteDone() {
          record.operation = {
            ...facts,
            upstreamCalls: context.upstreamCalls,
            cache: cacheReport(context.cacheLookups)?.status,
          };
        },
      };
    },
    onResultProcess({ request, result, serverContext }) {
      const { record } = requestStateOf(serverContext, request);
      for (const r of Array.isArray(result) ? result : [result]) {
        if (isExecutionResult(r)) for (const e of r.errors ?? []) record.errorCodes.push(e.extensions?.code);
      }
    },
    onResponse({ request, response, serverContext }) {
      finish(requestStateOf(serverContext, request).record, response.status);
    },
  };
}
