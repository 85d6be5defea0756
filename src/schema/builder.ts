import SchemaBuilder from '@pothos/core';
import type { GatewayContext } from '../context';
import type { Long } from '../swr/mapping';

/** The Pothos builder. It defines no domain types: each lives in its own file under `src/schema/`. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Long: { Input: Long; Output: Long };
  };
}>({
  defaultFieldNullability: false,
});

builder.queryType({
  description: 'Entry points of the SWR gateway.',
});
