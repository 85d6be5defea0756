import { GraphQLError, Kind } from 'graphql';
import type { Long } from '../swr/mapping';
import { builder } from './builder';

const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export const DateTime = builder.scalarType('DateTime', {
  description:
    'An instant in ISO-8601 / RFC 3339 form, always in UTC with a `Z` suffix, e.g. `2021-06-02T09:23:01.751202Z`. Fractional seconds are kept exactly as SWR reports them (microseconds included) and omitted when SWR omits them.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value === 'string' && UTC_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)))
      return value;
    throw new GraphQLError('DateTime must be an ISO-8601 UTC timestamp ending in Z.');
  },
});

function parseLong(value: unknown): Long {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new GraphQLError('Long must be an integer (a number, or a decimal string beyond 2^53).');
}

export const LongScalar = builder.scalarType('Long', {
  description:
    'A 64-bit integer (GraphQL `Int` is only 32-bit). Serialized as a JSON number while it is a safe integer (|n| ≤ 2^53 − 1, about 9 PB as a byte count) and as a decimal string beyond that, so no digit is ever lost.',
  serialize: (value) => value,
  parseValue: parseLong,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING)
      return parseLong(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new GraphQLError('Long must be an integer literal.');
  },
});
