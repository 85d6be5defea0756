import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { GatewayContext } from '../context';
import type { Long } from '../swr/mapping';

/**
 * The Pothos builder. It defines no domain types: each lives in its own file under `src/schema/`.
 * The federation plugin (which needs the directives plugin) makes the schema an Apollo Federation v2 subgraph.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Long: { Input: Long; Output: Long };
  };
}>({
  plugins: [DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
});

builder.queryType({
  description: 'Entry points of the SWR gateway.',
});
