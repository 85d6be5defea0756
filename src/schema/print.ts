import { printSubgraphSchema } from '@apollo/subgraph';
import { schema } from './index';

/**
 * The subgraph SDL checked in as `schema.graphql` (a test fails when they drift): federation directives and
 * the `@link` included, exactly what `_service { sdl }` answers and what `rover` composes.
 */
export function printGatewaySchema(): string {
  return `${printSubgraphSchema(schema)}\n`;
}
