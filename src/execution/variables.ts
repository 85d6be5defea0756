import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * An operation's variables as graphql-js coerces them (defaults applied), or undefined when they do not coerce.
 * The gateway's own checks only need to know whether they do: yoga's execution reports the errors, capped as
 * graphql-js caps them there. Coercion here stops at the first error, because graphql-js writes the whole invalid
 * value into every error's message: an input object with thousands of unknown fields would otherwise cost time
 * and memory quadratic in its size, once per check.
 */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  return variables.errors ? undefined : variables.coerced;
}
