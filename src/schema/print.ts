import { printSchema } from 'graphql';
import { schema } from './index';

/** The SDL checked in as `schema.graphql` (a test fails when they drift). */
export function printGatewaySchema(): string {
  return `${printSchema(schema)}\n`;
}
