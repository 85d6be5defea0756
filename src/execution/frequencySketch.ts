/**
 * Counters each key reads and bumps. The estimate is the least of them, so a key reads as busier than it is
 * only when every one of its counters is shared with a busier key: more counters per key make that rarer,
 * until they fill the table.
 */
const DEPTH = 8;

/**
 * Counters per key the sketch is sized for: wide enough that the counters of a full table's documents in use
 * leave most counters free, so a key seen once almost never finds all of its own taken by them.
 */
const COUNTERS_PER_KEY = 64;

/**
 * Counters saturate here: an estimate only has to tell "used now and then" from "used a lot", and a low
 * ceiling lets the halving forget old popularity within a few periods.
 */
const MAX_COUNT = 15;

/** Additions between two halvings, per key sized for: long enough to learn, short enough to follow change. */
const PERIOD_PER_KEY = 10;

/** Bytes of a fingerprint the sketch reads: a 32-bit counter index for each of its counters. */
export const FINGERPRINT_BYTES = DEPTH * 4;

/**
 * How often keys were seen lately, in bounded memory whatever the number of distinct keys: a count-min sketch
 * (TinyLFU's frequency estimate). A key is its fingerprint, at least `FINGERPRINT_BYTES` bytes of a keyed
 * hash, so the caller decides identity and no input can choose which counters it lands on. Increments are
 * conservative (only the counters at the current minimum grow), which keeps estimates of rarely seen keys
 * close to the truth. Every period all counters halve, so what was popular long ago stops outweighing what is
 * popular now.
 */
export class FrequencySketch {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  private readonly period: number;
  private additions = 0;

  constructor(expectedKeys: number) {
    const keys = Math.max(1, Math.floor(expectedKeys));
    let size = 64;
    while (size < keys * COUNTERS_PER_KEY) size *= 2;
    this.counters = new Uint8Array(size);
    this.mask = size - 1;
    this.period = keys * PERIOD_PER_KEY;
  }

  private index(fingerprint: Uint8Array, row: number): number {
    const at = row * 4;
    const word =
      (fingerprint[at] ?? 0) |
      ((fingerprint[at + 1] ?? 0) << 8) |
      ((fingerprint[at + 2] ?? 0) << 16) |
      ((fingerprint[at + 3] ?? 0) << 24);
    return word & this.mask;
  }

  /** The key's estimated count since it was last forgotten: never below the truth, rarely above it. */
  frequency(fingerprint: Uint8Array): number {
    let least = MAX_COUNT;
    for (let row = 0; row < DEPTH; row++) {
      least = Math.min(least, this.counters[this.index(fingerprint, row)] ?? 0);
    }
    return least;
  }

  /** One more sighting of the key. */
  increment(fingerprint: Uint8Array): void {
    const least = this.frequency(fingerprint);
    if (least >= MAX_COUNT) return;
    for (let row = 0; row < DEPTH; row++) {
      const i = this.index(fingerprint, row);
      if (this.counters[i] === least) this.counters[i] = least + 1;
    }
    if (++this.additions >= this.period) this.halve();
  }

  private halve(): void {
    for (let i = 0; i < this.counters.length; i++) this.counters[i] = (this.counters[i] ?? 0) >>> 1;
    this.additions >>>= 1;
  }

  /** Memory the counters take. */
  get bytes(): number {
    return this.counters.length;
  }
}
