import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { checkedOperationName } from '../request/record';
import { requestStateOf } from '../request/state';
import { endOperationSpan, startOperationSpan } from '../tracing/operationSpan';
import type { Tracer } from '../tracing/tracer';

function errorCount(result: unknown): number {
  return typeof result === 'object' && result !== null && 'errors' in result
    ? ((result as ExecutionResult).errors?.length ?? 0)
    : 0;
}

/**
 * The span of each operation yoga executes, under the request's SERVER span; its page lookups are traced under it
 * (`GatewayContext.trace`). An operation the front door already ran (and handed over for yoga to shape its errors)
 * has its span from there: register this before `useCompiledExecution`, which takes the handed-over result.
 */
export function useOperationSpan(tracer: Tracer): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue;
      const state = requestStateOf(context, context.request);
      if (state.handedOver !== undefined) return;
      const operation = getOperationAST(args.document, args.operationName);
      const { span, context: traced } = startOperationSpan(tracer, state.record.span, {
        type: operation?.operation ?? 'unknown',
        name: checkedOperationName(operation?.name?.value),
        answer: 'yoga',
      });
      context.trace = traced;
      return {
        onExecuteDone({ result }) {
          endOperationSpan(span, errorCount(result));
        },
      };
    },
  };
}
