import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** One upstream page a cached result was built from: its cache entry and when SWR answered it. */
export interface PageDependency {
  id: string;
  storedAt: number;
}

/** A GraphQL result (its `data`) and the pages it was built from. */
export interface CachedResult {
  data: unknown;
  /** `data` serialized, made on first reuse (most results of a cold workload are never reused). */
  json?: string;
  deps: PageDependency[];
}

/**
 * Results of successful queries, per credential (the cache's HMAC owner) + document + operation name + variables.
 * A result is reused only while every page under it is still the current, fresh entry of the page cache, so it
 * can never outlive what it was built from: freshness, a 401 dropping the credential's pages and a refetch all
 * invalidate it.
 */
export class ResultCache {
  private readonly lru: LRUCache<string, CachedResult>;

  constructor(maxEntries: number) {
    this.lru = new LRUCache<string, CachedResult>({ max: maxEntries });
  }

  get(key: string): CachedResult | undefined {
    return this.lru.get(key);
  }

  set(key: string, result: CachedResult): void {
    this.lru.set(key, result);
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  get size(): number {
    return this.lru.size;
  }
}

/** The key of a request's result: whose data, and exactly which operation with which variables. */
export function resultKey(owner: string, query: string, operationName: unknown, variables: unknown): string {
  const request = JSON.stringify([query, operationName ?? null, variables ?? null]);
  return `${owner}:${createHash('sha256').update(request).digest('base64url')}`;
}
