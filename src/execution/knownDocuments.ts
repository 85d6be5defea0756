import { createHash, randomBytes } from 'node:crypto';
import { FINGERPRINT_BYTES, FrequencySketch } from './frequencySketch';

/** A held document: its id (never reused, so kept results can be keyed by it) and the caller's value. */
export interface KnownDocument<V> {
  readonly id: number;
  readonly value: V;
}

export interface KnownDocumentsOptions {
  /** Most documents held. */
  maxDocuments: number;
  /** Most bytes held, as `offer` charges them (the frequency sketch, sized by `maxDocuments`, is apart). */
  maxBytes: number;
  /** The key of the frequency fingerprints: random per table unless given (tests give one, to repeat). */
  fingerprintKey?: Uint8Array;
}

/**
 * What a held document costs beyond its text and the caller's value (the entry, its map slots, fingerprint):
 * an estimate that keeps a table of tiny documents from holding far more entries than its bytes suggest.
 */
export const ENTRY_OVERHEAD_BYTES = 256;

/** `undefined` and `null` both mean "no operation name"; `""` is a name like any other. */
type OperationName = string | null | undefined;

interface Entry<V> {
  /** What callers get: frozen, since every request for the document shares it. */
  readonly document: KnownDocument<V>;
  readonly query: string;
  readonly operationName: string | undefined;
  readonly bytes: number;
  readonly fingerprint: Uint8Array;
  /** Neighbours in recency order: the table's least recently used entry is the first to go. */
  older: Entry<V> | undefined;
  newer: Entry<V> | undefined;
}

/** Starts the fingerprint input of an unnamed document; a named one's starts with its name's length. */
const ABSENT_NAME = '-';

/**
 * Fewest sightings lately of a document that pushes others out. The sketch reads a document asked for once as
 * 1, now and then as 2 (a count-min sketch over-counts a key when each of its counters is shared with others),
 * and entries in use that were not asked for during a long flood age to 0: without this floor, a long enough
 * stream of documents each sent once would push them all out. A document in real use passes it within three
 * requests.
 */
const EVICTING_SIGHTINGS = 3;

/**
 * The documents yoga parsed, validated and executed, by identity (query text, operation name), each with a
 * value the caller chooses (the parsed document, its operation and compiled queries): the one place that
 * knows a document passed every check, and the one cache of its compiled forms.
 *
 * Identity is structured, never a joined string: documents without an operation name and named ones live in
 * separate maps, so `""` is a name distinct from "none", and no text can pose as another name's document.
 *
 * Bounded by count and bytes. Admission is TinyLFU's: every lookup (hit or miss) counts a sighting in a
 * frequency sketch of identities, one per request (a second look in the same request peeks); when full, a
 * document gets in only if it was seen more often lately than each entry it would push out (least recently
 * used first), and at least `EVICTING_SIGHTINGS` times. A stream of texts each seen once thus cannot push out
 * documents in use, however long it runs, while one that keeps being asked for soon outweighs the least used.
 * Lookups of unknown texts leave nothing behind but sketch counts: the sketch's fingerprints are a keyed hash
 * of the identity, so no text can be made to land on the counters of a document in use.
 */
export class KnownDocuments<V> {
  private readonly unnamed = new Map<string, Entry<V>>();
  private readonly named = new Map<string, Map<string, Entry<V>>>();
  private readonly sketch: FrequencySketch;
  private readonly fingerprintKey: Uint8Array;
  private readonly maxDocuments: number;
  private readonly maxBytes: number;
  /** Least and most recently used entries. */
  private oldest: Entry<V> | undefined;
  private newest: Entry<V> | undefined;
  private count = 0;
  private charged = 0;
  private nextId = 1;

  constructor(options: KnownDocumentsOptions) {
    if (!Number.isInteger(options.maxDocuments) || options.maxDocuments < 1) {
      throw new RangeError('maxDocuments must be a positive integer');
    }
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.maxDocuments = options.maxDocuments;
    this.maxBytes = options.maxBytes;
    this.sketch = new FrequencySketch(options.maxDocuments);
    this.fingerprintKey = options.fingerprintKey ?? randomBytes(32);
  }

  private find(query: string, operationName: string | undefined): Entry<V> | undefined {
    return operationName === undefined ? this.unnamed.get(query) : this.named.get(query)?.get(operationName);
  }

  /** A keyed hash of the identity; the name is length-prefixed, so no (name, text) pair reads as another. */
  private fingerprint(query: string, operationName: string | undefined): Uint8Array {
    const hash = createHash('sha256').update(this.fingerprintKey);
    if (operationName === undefined) hash.update(ABSENT_NAME);
    else hash.update(`${operationName.length}:`).update(operationName);
    return hash.update(query).digest().subarray(0, FINGERPRINT_BYTES);
  }

  /** The document, if held; counts the sighting either way and marks a held one as just used. */
  lookup(query: string, operationName: OperationName): KnownDocument<V> | undefined {
    const name = operationName ?? undefined;
    const entry = this.find(query, name);
    if (entry === undefined) {
      this.sketch.increment(this.fingerprint(query, name));
      return undefined;
    }
    this.sketch.increment(entry.fingerprint);
    this.touch(entry);
    return entry.document;
  }

  /**
   * The document, if held, without counting a sighting or changing recency: for a second look in one request.
   */
  peek(query: string, operationName: OperationName): KnownDocument<V> | undefined {
    return this.find(query, operationName ?? undefined)?.document;
  }

  /**
   * Offer a document yoga vetted, with its value, charged as its text plus `valueBytes` (the caller's
   * estimate of the value's memory) plus `ENTRY_OVERHEAD_BYTES`. Counts no sighting: the request's lookup
   * did (counting both would weigh a document's first request double, so a document sent once would outweigh
   * one asked for once since it aged). Returns the held document: the one already held under this identity
   * (whose value wins: held values are shared and never replaced), or the new one, or undefined when the table
   * refuses it (too big, or not used more often than what it would push out).
   */
  offer(
    query: string,
    operationName: OperationName,
    value: V,
    valueBytes: number,
  ): KnownDocument<V> | undefined {
    if (!(valueBytes >= 0)) throw new RangeError('valueBytes must be a non-negative number');
    const name = operationName ?? undefined;
    const held = this.find(query, name);
    if (held !== undefined) {
      this.touch(held);
      return held.document;
    }
    const fingerprint = this.fingerprint(query, name);
    const bytes = ENTRY_OVERHEAD_BYTES + query.length + (name?.length ?? 0) + valueBytes;
    if (bytes > this.maxBytes || !this.makeRoom(bytes, this.sketch.frequency(fingerprint))) return undefined;
    const entry: Entry<V> = {
      document: Object.freeze({ id: this.nextId++, value }),
      query,
      operationName: name,
      bytes,
      fingerprint,
      older: undefined,
      newer: undefined,
    };
    this.insert(entry);
    return entry.document;
  }

  /**
   * Evicts least recently used entries until `bytes` more fit, if every one of them was seen less often than
   * the candidate (`frequency`) and the candidate at least `EVICTING_SIGHTINGS` times; otherwise evicts
   * nothing and answers false.
   */
  private makeRoom(bytes: number, frequency: number): boolean {
    let count = this.count;
    let charged = this.charged;
    let victim = this.oldest;
    while (count >= this.maxDocuments || charged + bytes > this.maxBytes) {
      // The loop ends before the list does: an empty table has room for any entry within maxBytes.
      if (victim === undefined || frequency < EVICTING_SIGHTINGS) return false;
      if (this.sketch.frequency(victim.fingerprint) >= frequency) return false;
      count--;
      charged -= victim.bytes;
      victim = victim.newer;
    }
    while (this.oldest !== victim && this.oldest !== undefined) this.remove(this.oldest);
    return true;
  }

  private insert(entry: Entry<V>): void {
    if (entry.operationName === undefined) this.unnamed.set(entry.query, entry);
    else {
      let byName = this.named.get(entry.query);
      if (byName === undefined) {
        byName = new Map();
        this.named.set(entry.query, byName);
      }
      byName.set(entry.operationName, entry);
    }
    this.link(entry);
    this.count++;
    this.charged += entry.bytes;
  }

  private remove(entry: Entry<V>): void {
    if (entry.operationName === undefined) this.unnamed.delete(entry.query);
    else {
      const byName = this.named.get(entry.query);
      byName?.delete(entry.operationName);
      if (byName?.size === 0) this.named.delete(entry.query);
    }
    this.unlink(entry);
    this.count--;
    this.charged -= entry.bytes;
  }

  private touch(entry: Entry<V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    this.link(entry);
  }

  /** Appends as the most recently used. */
  private link(entry: Entry<V>): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  /** Documents held. */
  get size(): number {
    return this.count;
  }

  /** Bytes charged for the documents held. */
  get bytes(): number {
    return this.charged;
  }
}
