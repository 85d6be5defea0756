import { LRUCache } from 'lru-cache';

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  maxEntryBytes: number;
}

interface Stored {
  text: string;
  owner: string;
  bytes: number;
  storedAt: number;
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

  get(id: string): string | undefined {
    return this.lru.get(id)?.text;
  }

  /** `storedAt`: when SWR answered (0 = unknown: never counts as current); `textBytes`, when already known. */
  set(
    id: string,
    owner: string,
    text: string,
    ttlMs: number,
    storedAt = 0,
    textBytes = Buffer.byteLength(text, 'utf8'),
  ): void {
    const bytes = textBytes + Buffer.byteLength(id, 'utf8');
    this.lru.set(id, { text, owner, bytes, storedAt }, { ttl: ttlMs });
  }

  /** When the entry under `id` was fetched from SWR, without decoding it or touching its recency. */
  storedAt(id: string): number | undefined {
    return this.lru.peek(id)?.storedAt;
  }

  /** Remove every entry of one credential. Linear, but only an upstream 401 calls it. */
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
