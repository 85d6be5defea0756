import { LRUCache } from 'lru-cache';
import type { CacheLookup } from '../cache';

/** One upstream page a cached result was built from: its cache entry and when SWR answered it. */
export interface PageDependency {
  id: string;
  storedAt: number;
}

/** A GraphQL result's `data`, serialized, and the pages it was built from. */
export interface CachedResult {
  /** The data's JSON, UTF-8 encoded once: every answer copies these bytes as they are. */
  json: Buffer;
  deps: PageDependency[];
}

export interface KeptResultsOptions {
  maxEntries: number;
  maxBytes: number;
}

/** The share of the caps (entries and bytes) that the probation window gets. */
const WINDOW_SHARE = 0.1;

const resultSize = (r: CachedResult) => r.json.length + 64 * r.deps.length + 64;

/**
 * Results of successful queries, by result key (`resultKeyOf`: the credential's owner HMAC, the known document's
 * id, the variables).
 * A result is reused only while every page under it is still the current, fresh entry of the page cache, so it
 * can never outlive what it was built from: freshness, a 401 dropping the credential's pages and a refetch all
 * invalidate it.
 *
 * Admission (W-TinyLFU's window, with a "seen before" filter for its frequency sketch): the main store takes only
 * results of keys asked before (a bounded set of recently seen keys remembers them). A result executed on a
 * key's first sighting, whose bytes are at hand anyway (`keep`), waits in a small probation window (a tenth of
 * the caps); asked again while there, it moves to the main store and is answered as kept. A stream of distinct
 * queries (the cold case) thus only ever churns the window and never displaces a repeated query's result, and a
 * repeated query is answered from memory from its second request on.
 */
export class KeptResults {
  private readonly lru: LRUCache<string, CachedResult>;
  private readonly window: LRUCache<string, CachedResult>;
  private readonly seen: LRUCache<string, true>;
  constructor(options: KeptResultsOptions) {
    // The window's share comes out of the caps: both stores together stay within them.
    const windowEntries = Math.max(1, Math.floor(options.maxEntries * WINDOW_SHARE));
    const windowBytes = Math.max(1, Math.floor(options.maxBytes * WINDOW_SHARE));
    this.lru = new LRUCache<string, CachedResult>({
      max: Math.max(1, options.maxEntries - windowEntries),
      maxSize: Math.max(1, options.maxBytes - windowBytes),
      sizeCalculation: resultSize,
    });
    this.window = new LRUCache<string, CachedResult>({
      max: windowEntries,
      maxSize: windowBytes,
      sizeCalculation: resultSize,
    });
    this.seen = new LRUCache<string, true>({ max: options.maxEntries * 4 });
  }

  /** The kept result under `key`; one found in the window has been asked again, so it moves to the main store. */
  get(key: string): CachedResult | undefined {
    const kept = this.lru.get(key);
    if (kept !== undefined) return kept;
    const waiting = this.window.get(key);
    if (waiting === undefined) return undefined;
    this.window.delete(key);
    this.lru.set(key, waiting);
    return waiting;
  }

  /**
   * Whether a result for `key` should go to the main store now: true from the key's second sighting on. For a
   * caller that would have to serialize the result only to keep it; one that has its bytes uses `keep`.
   */
  admit(key: string): boolean {
    if (this.seen.has(key)) return true;
    this.seen.set(key, true);
    return false;
  }

  /** Keep a result whose bytes are made anyway: in the main store if its key was seen before, else in the window. */
  keep(key: string, result: CachedResult): void {
    if (this.admit(key)) this.lru.set(key, result);
    else this.window.set(key, result);
  }

  set(key: string, result: CachedResult): void {
    this.lru.set(key, result);
  }

  delete(key: string): void {
    this.lru.delete(key);
    this.window.delete(key);
  }

  /** Results kept, the window's included. */
  get size(): number {
    return this.lru.size + this.window.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize + this.window.calculatedSize;
  }
}

/**
 * The pages a result may be kept on: every upstream page it used was a HIT or a MISS with its cache entry (none
 * stale, bypassed or failed), and it used at least one. Undefined when the result must not be kept.
 */
export function keepableDeps(lookups: readonly CacheLookup[]): PageDependency[] | undefined {
  if (lookups.length === 0) return undefined;
  const deps: PageDependency[] = [];
  for (const lookup of lookups) {
    if ((lookup.status !== 'HIT' && lookup.status !== 'MISS') || !lookup.entry) return undefined;
    deps.push(lookup.entry);
  }
  return deps;
}
