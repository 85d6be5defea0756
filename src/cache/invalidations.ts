import { LRUCache } from 'lru-cache';
import type { InvalidationMessage } from './invalidationMessage';
import type { CacheKey } from './keys';
import type { MemoryStore } from './memoryStore';

export interface InvalidationsOptions {
  /** This process's name in the messages it sends (random per process). */
  replica: string;
  memory: MemoryStore;
  /** Most page ids and owners whose last message is remembered for the reads in flight. */
  maxRemembered: number;
}

/** Taken just before a Redis read whose answer may be copied into memory (`Invalidations.ticket`). */
export interface ReadTicket {
  /** The generation the copy will belong to. */
  readonly generation: number;
  /** How many messages had been applied when the read was sent. */
  readonly heard: number;
}

/**
 * What this replica knows of other replicas' writes, for the one question the fast path asks on every hit: may
 * the memory copy of a page stand for the shared tier's current entry (`vouches`)?
 *
 * Another replica's refetch or 401 reaches this one as a message (`apply`), which drops the copies it outdates.
 * A message can only be missed while the subscription is down or Redis unreachable, so copies are vouched for
 * only while both are up, and only copies made since they last came back: each copy records the generation it
 * was made in (taken before asking Redis), and every return of the subscription or of Redis starts a new one.
 * Checking costs two comparisons; the bookkeeping is done when a message arrives, not on a hit.
 *
 * Nothing here compares one replica's clock with another's: a message outdates every copy but the very entry it
 * announces, and a read is judged by the order in which messages arrived, never by timestamps.
 */
export class Invalidations {
  readonly replica: string;
  /** Messages from other replicas applied since start. */
  received = 0;
  private current = 0;
  private subscribed = false;
  private sharedUp = true;
  /** Per page id, and per owner, the `received` count of the last message about it. */
  private readonly lastAboutId: LRUCache<string, number>;
  private readonly lastAboutOwner: LRUCache<string, number>;
  /** The highest count whose id or owner was evicted from the two maps: older reads cannot be judged any more. */
  private forgotten = 0;
  private readonly memory: MemoryStore;

  constructor(options: InvalidationsOptions) {
    this.replica = options.replica;
    this.memory = options.memory;
    const remembered = {
      max: options.maxRemembered,
      disposeAfter: (heard: number, _key: string, reason: LRUCache.DisposeReason) => {
        if (reason === 'evict') this.forgotten = Math.max(this.forgotten, heard);
      },
    };
    this.lastAboutId = new LRUCache<string, number>(remembered);
    this.lastAboutOwner = new LRUCache<string, number>(remembered);
  }

  /** The generation a memory copy of this replica's own fetch, made now, belongs to. */
  get generation(): number {
    return this.current;
  }

  /** Take before the Redis call whose answer is copied into memory; pass to `overtaken` and the copy. */
  ticket(): ReadTicket {
    return { generation: this.current, heard: this.received };
  }

  /** Whether a memory copy of `generation` is known to match the shared tier (no message can have been missed). */
  vouches(generation: number): boolean {
    return this.subscribed && this.sharedUp && generation === this.current;
  }

  /** The subscription is (re-)established: messages are heard from now on, not those sent before. */
  subscriptionUp(): void {
    this.subscribed = true;
    this.current++;
  }

  subscriptionDown(): void {
    this.subscribed = false;
  }

  /** Redis answers again after an outage: what other replicas did meanwhile may not have reached this one. */
  sharedTierUp(): void {
    if (this.sharedUp) return;
    this.sharedUp = true;
    this.current++;
  }

  sharedTierDown(): void {
    this.sharedUp = false;
  }

  /** Apply another replica's message: drop the memory copies it outdates, and note it for reads in flight. */
  apply(message: InvalidationMessage): void {
    if (message.replica === this.replica) return;
    this.received++;
    if (message.kind === 'entry') {
      this.lastAboutId.set(message.id, this.received);
      // Redis now holds the announced entry: any other copy (older, or stamped by a clock running ahead) is not it.
      if (this.memory.peek(message.id)?.entry.storedAt !== message.storedAt) this.memory.delete(message.id);
      return;
    }
    this.lastAboutOwner.set(message.owner, this.received);
    this.memory.dropOwner(message.owner);
  }

  /**
   * Whether a message about the page or its owner arrived while the read under `ticket` was in flight. The read
   * and the message travel on two connections, so the message may be applied first though Redis answered the read
   * before the write it announces; such a page is served, but not copied into memory.
   */
  overtaken(key: CacheKey, ticket: ReadTicket): boolean {
    if (this.received === ticket.heard) return false;
    return (
      this.forgotten > ticket.heard ||
      (this.lastAboutId.peek(key.id) ?? 0) > ticket.heard ||
      (this.lastAboutOwner.peek(key.owner) ?? 0) > ticket.heard
    );
  }
}
