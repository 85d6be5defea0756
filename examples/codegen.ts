import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the example client, generated from the gateway's checked-in `schema.graphql` and the operations in
 * `examples/src/*.graphql`. `npm run examples:codegen` writes them; `npm run examples:check` fails when they
 * are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/src/**/*.graphql'],
  generates: {
    'examples/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Long is a JSON number up to 2^53 and an exact decimal string beyond (see its description).
        scalars: { Long: 'number | string', DateTime: 'string' },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
