import {
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  getOperationAST,
  parse,
} from 'graphql';
import { type CompiledQuery, compileQuery } from 'graphql-jit';
import { directQuery } from '../../src/fastpath/direct';
import type { VettedOperation } from '../../src/fastpath/vetted';

// What a serializer does to a value shows whether a compiled query called it: String's turns a number into text.
const Shout = new GraphQLScalarType({ name: 'Shout', serialize: (value) => String(value).toUpperCase() });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      text: { type: GraphQLString, resolve: () => 5 },
      shout: { type: Shout, resolve: () => 'quiet' },
    },
  }),
});

function vettedOf(text: string): VettedOperation {
  const document = parse(text);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return { document, operation, compiled: compileQuery(schema, document) as CompiledQuery };
}

test('the direct path runs the vetted query compiled without serializing built-in leaves, compiled once for all runs', async () => {
  const vetted = vettedOf('{ text shout }');
  // Yoga's compiled query serializes every leaf ...
  expect(await vetted.compiled.query(undefined, {}, {})).toEqual({ data: { text: '5', shout: 'QUIET' } });
  // ... the direct variant leaves built-in scalars (and enums) as resolved: the mapping already made them output
  // values; custom scalars (Long, DateTime) still go through their serializers.
  const direct = directQuery(schema, vetted);
  expect(direct).not.toBe(vetted.compiled);
  expect(await direct.query(undefined, {}, {})).toEqual({ data: { text: 5, shout: 'QUIET' } });
  expect(directQuery(schema, vetted)).toBe(direct);
});
