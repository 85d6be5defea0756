import {
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';
import { coercedVariables } from '../execution/variables';
import { LIST_FIELD } from './listFields';
import { rootFieldsNamed } from './rootFields';

export interface CostOptions {
  maxCost: number;
  /** The page size a field without `page.size` gets. */
  defaultPageSize: number;
}

/**
 * The records an operation asks SWR for: the sum of the page sizes of its `sharedRepositories` fields, with
 * arguments coerced exactly as execution will (literals, variables, defaults). `undefined` when the
 * variables do not coerce: execution then reports that error itself.
 */
export function operationCost(
  schema: GraphQLSchema,
  args: {
    document: Parameters<typeof getOperationAST>[0];
    operationName?: string | null;
    variableValues?: unknown;
  },
  defaultPageSize: number,
): number | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  const field = schema.getQueryType()?.getFields()[LIST_FIELD];
  if (!operation || !field) return 0;
  const inputs = (args.variableValues ?? {}) as Record<string, unknown>;
  const variables = coercedVariables(schema, operation, inputs);
  if (variables === undefined) return undefined;
  return costOf(schema, args.document, operation, variables, defaultPageSize);
}

/** `operationCost` for an operation whose variables are already coerced (the fast path's direct execution). */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  coerced: Record<string, unknown>,
  defaultPageSize: number,
): number | undefined {
  const field = schema.getQueryType()?.getFields()[LIST_FIELD];
  if (!field) return 0;
  let cost = 0;
  for (const node of rootFieldsNamed(document, operation, LIST_FIELD)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, coerced);
    } catch {
      return undefined;
    }
    const page = values.page as { size?: number | null } | null | undefined;
    cost += page?.size ?? defaultPageSize;
  }
  return cost;
}

/**
 * Refuse, before execution, operations that would fetch more than `maxCost` records. Runs at execute time
 * because only then are the variables known (a page size can arrive through one).
 */
export function useCostLimit(options: CostOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(args.schema, args, options.defaultPageSize);
      if (cost !== undefined && cost > options.maxCost) {
        setResultAndStopExecution({
          errors: [
            requestError(
              RequestErrorCode.COST_LIMIT_EXCEEDED,
              `The operation would fetch ${cost} records; the limit is ${options.maxCost}. Ask for smaller pages or fewer lists.`,
            ),
          ],
        });
      }
    },
  };
}
