import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { KnownDocuments } from './knownDocuments';

/**
 * A query operation that passed yoga's whole pipeline of checks (the parser limits, every validation rule, the
 * transport checks), with its compiled forms, made when first needed. What depends on the request (variables,
 * the cost with those variables, the caller) is still checked on every request.
 */
export interface KnownOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  /** The operation's name, for logs and metric labels. */
  readonly name: string | undefined;
  /** graphql-jit's compilation for yoga's execution; null when it cannot compile the document. */
  compiled?: CompiledQuery | null;
  /** The compilation for direct execution (`directQuery`). */
  direct?: CompiledQuery | null;
}

/** The documents yoga vetted, and the one cache of their compiled forms. */
export type KnownOperations = KnownDocuments<KnownOperation>;

/** What a known operation is charged in the table besides its text: its AST and compiled code, roughly. */
export function operationBytes(query: string): number {
  return query.length * 8;
}

/**
 * graphql-jit's compilation of a known operation: a page is hundreds of fields, which compiled code resolves
 * without graphql-js's interpreter walking the document for each. Null when graphql-jit cannot compile it (graphql-js then runs it).
 */
export function compiledQuery(schema: GraphQLSchema, known: KnownOperation): CompiledQuery | null {
  if (known.compiled === undefined) {
    const compiled = compileQuery(schema, known.document, known.name);
    known.compiled = isCompiledQuery(compiled) ? compiled : null;
  }
  return known.compiled;
}

/**
 * The operation compiled once more with graphql-jit's `disableLeafSerialization`: values of built-in scalars
 * and enums go into the result as resolved, without a serializer call per leaf — and without the error paths
 * graphql-jit otherwise builds for every leaf of every item. Custom scalars (`Long`, `DateTime`) keep their
 * serializers. That is exact here because every such value is already in its output form: a page's fields are
 * checked and mapped when SWR answers (strings, booleans, 32-bit `Int`s, category names), the connection's
 * numbers and cursors are computed ints and strings, and introspection and federation fields come from graphql-js
 * and the federation plugin as strings, booleans and enum names. Should the variant not compile, the operation
 * runs as compiled for yoga (or not at all directly, when that did not compile either).
 */
export function directQuery(schema: GraphQLSchema, known: KnownOperation): CompiledQuery | null {
  if (known.direct === undefined) {
    const compiled = compileQuery(schema, known.document, known.name, { disableLeafSerialization: true });
    known.direct = isCompiledQuery(compiled) ? compiled : compiledQuery(schema, known);
  }
  return known.direct;
}
