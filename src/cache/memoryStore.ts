import { LRUCache } from 'lru-cache';
import { type CacheEntry, freezeEntry } from './entry';

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  maxEntryBytes: number;
}

/** A page as the memory tier holds it. */
export interface Stored {
  readonly entry: CacheEntry;
  readonly owner: string;
  readonly bytes: number;
  /** The shared tier's invalidation generation the copy was made in (`Invalidations`); 0 without one. */
  readonly generation: number;
}

/**
 * The in-process tier: an LRU bounded by entry count and by bytes (the serialized size of each page plus its
 * key), so a burst of large pages cannot grow the heap without limit.
 */
export class MemoryStore {
  private readonly lru: LRUCache<string, Stored>;

  constructor(options: MemoryStoreOptions) {
    this.lru = new LRUCache<string, Stored>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      maxEntrySize: options.maxEntryBytes,
      sizeCalculation: (value) => value.bytes,
    });
  }

  /** The page itself, decoded and read-only: no parsing on a hit, and no reader can change it for another. */
  get(id: string): CacheEntry | undefined {
    return this.lru.get(id)?.entry;
  }

  /** `bytes`: what the page weighs (`entryBytes`); its key is added. The entry is frozen from here on. */
  set(id: string, owner: string, entry: CacheEntry, bytes: number, ttlMs: number, generation = 0): void {
    const size = bytes + Buffer.byteLength(id, 'utf8');
    this.lru.set(id, { entry: freezeEntry(entry), owner, bytes: size, generation }, { ttl: ttlMs });
  }

  /** The page under `id` and what is known of its copy, without touching its recency. */
  peek(id: string): Stored | undefined {
    return this.lru.peek(id);
  }

  delete(id: string): void {
    this.lru.delete(id);
  }

  /** Remove every entry of one credential. Linear, but only an upstream 401 (here or on another replica) calls it. */
  dropOwner(owner: string): number {
    const doomed: string[] = [];
    for (const [id, stored] of this.lru.entries()) if (stored.owner === owner) doomed.push(id);
    for (const id of doomed) this.lru.delete(id);
    return doomed.length;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  clear(): void {
    this.lru.clear();
  }
}
