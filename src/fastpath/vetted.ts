import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** A query operation that passed yoga's whole pipeline of checks once, compiled and ready to run again. */
export interface VettedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
  /** The same query compiled without per-leaf serialization, for the direct path; made on its first direct run. */
  direct?: CompiledQuery;
  /** The operation's name, for logs and metric labels. */
  name?: string;
}

/**
 * Query documents (by their exact text and operation name) that yoga parsed, validated and let execute: the parser
 * limits, every validation rule (armor, list fields, introspection) and the transport checks all passed. The
 * fast path runs these again without the yoga pipeline; what depends on the request (variables, the cost with
 * those variables, the caller) it still checks on every request. Bounded, least recently used out.
 */
export class VettedOperations {
  private readonly lru: LRUCache<string, VettedOperation>;

  constructor(maxDocuments = 1000) {
    this.lru = new LRUCache<string, VettedOperation>({ max: maxDocuments });
  }

  private static key(query: string, operationName: string | null | undefined): string {
    return operationName ? `${operationName}\u0000${query}` : query;
  }

  get(query: string, operationName: string | null | undefined): VettedOperation | undefined {
    return this.lru.get(VettedOperations.key(query, operationName));
  }

  add(query: string, operationName: string | null | undefined, operation: VettedOperation): void {
    this.lru.set(VettedOperations.key(query, operationName), operation);
  }

  get size(): number {
    return this.lru.size;
  }
}
