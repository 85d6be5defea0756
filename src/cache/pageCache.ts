import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { CallOptions, ListResult, SwrClient } from '../swr/client';
import type { UpstreamCredential } from '../swr/credentials/credential';
import { abortedFor } from '../swr/upstreamError';
import type { WireListQuery } from '../swr/wire';
import {
  ageOf,
  type CacheEntry,
  decodeEntry,
  encodeEntry,
  entryBytes,
  type FreshnessPolicy,
  freshness,
  lifetimeMs,
} from './entry';
import { describeFailure, isCredentialRejected, isStaleEligible } from './failures';
import type { Invalidations, ReadTicket } from './invalidations';
import type { CacheKey, Keyer } from './keys';
import type { MemoryStore } from './memoryStore';
import type { RedisStore } from './redisStore';
import type { RedisSubscriber } from './redisSubscriber';
import { SingleFlight } from './singleFlight';
import { type CacheStats, newCounters } from './stats';
import type { CacheLookup, CacheStatus, CacheTier } from './status';

export type PageClient = Pick<SwrClient, 'origin' | 'listSharedRepositories'>;

export interface LookupOptions extends CallOptions {
  /** The client asked for a fresh answer (`Cache-Control: no-cache`): skip reading; still coalesced and stored. */
  fresh?: boolean;
}

export interface PageLookup {
  result: ListResult;
  cache: CacheLookup;
}

/** Where the per-request loader gets its pages. */
export interface PageSource {
  list(query: WireListQuery, credential: UpstreamCredential, options: LookupOptions): Promise<PageLookup>;
}

/** The process-wide cache in front of the upstream client. */
export interface UpstreamCache extends PageSource {
  stats(): CacheStats;
  /**
   * Whether the entry `entryId` stored at `storedAt` is still the current one and fresh, answered from memory
   * without decoding anything. The fast path uses it to reuse a GraphQL result built from that page.
   */
  isCurrent(entryId: string, storedAt: number): boolean;
  /** The HMAC that stands for a credential in every key (never the credential itself). */
  ownerOf(credential: UpstreamCredential): string;
  /** True once the shared tier is connected (at once without one); false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface SharedTier {
  store: RedisStore;
  /** Other replicas' refetches and 401s, heard through `subscriber`. */
  invalidations: Invalidations;
  subscriber: Pick<RedisSubscriber, 'whenSubscribed' | 'close'>;
  lockTtlMs: number;
  lockWaitMs: number;
  lockPollMs: number;
}

export interface PageCacheDeps {
  client: PageClient;
  policy: FreshnessPolicy;
  maxEntryBytes: number;
  keyer: Keyer;
  memory: MemoryStore;
  shared: SharedTier | undefined;
  logger: Logger;
  /** Wall clock (epoch ms): ages must agree across replicas. Injected so tests can move time. */
  now: () => number;
}

/** Why `fetchAndStore` runs: a miss waits for peers, a fresh request does not, a refresh is nobody's request. */
type Purpose = 'miss' | 'fresh' | 'refresh';

/** `facts`: how the lookup found its page besides its status (the tier it read, whether it waited for a fetch). */
function served(key: CacheKey, entry: CacheEntry, status: CacheStatus, now: number, facts: LookupFacts) {
  const cache = {
    status,
    ageMs: ageOf(entry, now),
    entry: { id: key.id, storedAt: entry.storedAt },
    ...facts,
  };
  return { result: entry.value, cache } satisfies PageLookup;
}

type LookupFacts = Pick<CacheLookup, 'tier' | 'coalesced'>;

/**
 * Read-through cache of upstream pages: fresh → HIT; within stale-while-revalidate → STALE now and one
 * background refresh; otherwise one coalesced upstream call (across replicas through a Redis lock), with
 * stale-if-error when SWR cannot answer. Only successful pages are stored; a 401 drops the credential's entries.
 * With Redis, Redis is the source of truth whenever it answers; memory serves when it does not.
 */
export class PageCache implements UpstreamCache {
  private readonly counters = newCounters();
  private readonly flights = new SingleFlight<CacheEntry>((reason) => abortedFor(reason));
  private readonly background = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly deps: PageCacheDeps) {}

  async list(
    query: WireListQuery,
    credential: UpstreamCredential,
    options: LookupOptions,
  ): Promise<PageLookup> {
    const key = this.deps.keyer.keyFor(credential, this.deps.client.origin, query);
    if (options.fresh) return this.bypass(key, query, credential, options);
    const { entry, tier } = await this.read(key);
    const now = this.deps.now();
    const state = entry ? freshness(entry, now, this.deps.policy) : 'expired';
    if (entry && state === 'fresh') {
      this.counters.hits++;
      return served(key, entry, 'HIT', now, { tier });
    }
    if (entry && state === 'revalidate') {
      this.counters.staleServes++;
      this.revalidate(key, query, credential, entry, options);
      return served(key, entry, 'STALE', now, { tier });
    }
    this.counters.misses++;
    try {
      const fetched = await this.fetch(key, query, credential, options, 'miss', entry?.storedAt);
      return served(key, fetched.entry, 'MISS', this.deps.now(), { tier, coalesced: fetched.coalesced });
    } catch (error) {
      return this.staleOnError(key, error, entry, tier);
    }
  }

  ownerOf(credential: UpstreamCredential): string {
    return this.deps.keyer.ownerOf(credential);
  }

  isCurrent(entryId: string, storedAt: number): boolean {
    // Memory mirrors every entry this replica stored or read, and loses it on a 401 or a newer fetch, here or (by
    // a message) on another replica; with a shared tier, only while no such message can have been missed.
    const copy = this.deps.memory.peek(entryId);
    if (copy?.entry.storedAt !== storedAt || this.deps.now() - storedAt >= this.deps.policy.ttlMs)
      return false;
    return this.deps.shared === undefined || this.deps.shared.invalidations.vouches(copy.generation);
  }

  stats(): CacheStats {
    const shared = this.deps.shared?.store;
    return {
      ...this.counters,
      invalidations: this.deps.shared?.invalidations.received ?? 0,
      redisErrors: shared?.errors ?? 0,
      ...this.deps.memory.size,
      redis: shared ? shared.state : 'off',
    };
  }

  async ready(timeoutMs: number): Promise<boolean> {
    const shared = this.deps.shared;
    if (!shared) return true;
    const ready = await Promise.all([
      shared.store.whenReady(timeoutMs),
      shared.subscriber.whenSubscribed(timeoutMs),
    ]);
    return ready.every(Boolean);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flights.abortAll(new Error('cache closing'));
    await Promise.allSettled([...this.background]);
    this.deps.shared?.subscriber.close();
    this.deps.shared?.store.close();
  }

  /** `Cache-Control: no-cache`: ask SWR (coalesced with identical calls in flight), store the answer. */
  private async bypass(
    key: CacheKey,
    query: WireListQuery,
    credential: UpstreamCredential,
    options: LookupOptions,
  ): Promise<PageLookup> {
    this.counters.bypasses++;
    try {
      const fetched = await this.fetch(key, query, credential, options, 'fresh', undefined);
      return served(key, fetched.entry, 'BYPASS', this.deps.now(), { coalesced: fetched.coalesced });
    } catch (error) {
      if (!isStaleEligible(error)) throw error;
      const { entry, tier } = await this.read(key);
      return this.staleOnError(key, error, entry, tier);
    }
  }

  /** Stale-if-error: a stale page within its window stands in for SWR being unable to answer; else rethrow. */
  private staleOnError(
    key: CacheKey,
    error: unknown,
    entry: CacheEntry | undefined,
    tier: CacheTier,
  ): PageLookup {
    const now = this.deps.now();
    const { ttlMs, staleIfErrorMs } = this.deps.policy;
    if (entry && isStaleEligible(error) && ageOf(entry, now) < ttlMs + staleIfErrorMs) {
      this.counters.staleServes++;
      this.deps.logger.warn(
        { cache: { ageMs: ageOf(entry, now) }, upstream: describeFailure(error) },
        'SWR failed; served a stale page',
      );
      return served(key, entry, 'STALE', now, { tier });
    }
    throw error;
  }

  private fetch(
    key: CacheKey,
    query: WireListQuery,
    credential: UpstreamCredential,
    options: LookupOptions,
    purpose: Purpose,
    newerThan: number | undefined,
  ): Promise<{ entry: CacheEntry; coalesced: boolean }> {
    // The shared call carries the first waiter's request id, trace and deadline; its signal is the flight's own
    // (aborted only when every waiter has gone), never one waiter's.
    const { signal: _signal, fresh: _fresh, ...call } = options;
    const { result, joined } = this.flights.run(
      key.id,
      (signal) => this.fetchAndStore(key, query, credential, { ...call, signal }, purpose, newerThan),
      options.signal ? { signal: options.signal } : {},
    );
    if (joined) this.counters.coalescedWaits++;
    return result.then((entry) => ({ entry, coalesced: joined }));
  }

  /** Refresh once in the background; a refresh already running (here or, via the lock, elsewhere) suffices. */
  private revalidate(
    key: CacheKey,
    query: WireListQuery,
    credential: UpstreamCredential,
    entry: CacheEntry,
    { requestId, trace }: CallOptions,
  ): void {
    if (this.closed || this.flights.has(key.id)) return;
    // Nobody waits for a refresh: it takes no deadline or signal of the request that found the page stale.
    const call: CallOptions = { requestId, trace };
    const { result } = this.flights.run(
      key.id,
      (signal) => this.fetchAndStore(key, query, credential, { ...call, signal }, 'refresh', entry.storedAt),
      { detached: true },
    );
    const tracked = result.then(
      () => undefined,
      (error: unknown) =>
        this.deps.logger.warn(
          { upstream: describeFailure(error) },
          'background refresh failed; kept the stale page',
        ),
    );
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }

  /** The one place that calls SWR. */
  private async fetchAndStore(
    key: CacheKey,
    query: WireListQuery,
    credential: UpstreamCredential,
    call: CallOptions & { signal: AbortSignal },
    purpose: Purpose,
    newerThan: number | undefined,
  ): Promise<CacheEntry> {
    const shared = this.deps.shared;
    let lock: string | undefined;
    if (shared && purpose !== 'fresh') {
      const claim = await this.claim(shared, key, newerThan, call.signal);
      if (claim.entry) {
        this.counters.peerWaits++;
        return claim.entry;
      }
      lock = claim.lock;
    }
    try {
      this.counters.upstreamFetches++;
      if (purpose === 'refresh') this.counters.backgroundRefreshes++;
      const value = await this.deps.client.listSharedRepositories(query, credential, call);
      const entry: CacheEntry = { storedAt: this.deps.now(), value };
      await this.store(key, entry);
      return entry;
    } catch (error) {
      if (isCredentialRejected(error)) await this.dropOwner(key.owner);
      throw error;
    } finally {
      if (lock !== undefined) await shared?.store.unlock(key.id, lock);
    }
  }

  /**
   * Cross-replica single-flight: take the key's lock and fetch, or wait for the holder's value. Gives up
   * waiting after `lockWaitMs` (fetch ourselves), and takes over when the holder released without a value.
   * `{}` means "fetch without a lock" (Redis unavailable, or waited long enough).
   */
  private async claim(
    shared: SharedTier,
    key: CacheKey,
    newerThan: number | undefined,
    signal: AbortSignal,
  ): Promise<{ entry?: CacheEntry; lock?: string }> {
    const deadline = performance.now() + shared.lockWaitMs;
    for (let first = true; first || performance.now() < deadline; first = false) {
      if (!first) {
        try {
          await delay(shared.lockPollMs, undefined, { signal });
        } catch (error) {
          throw abortedFor(error);
        }
      }
      const lock = await shared.store.tryLock(key.id, shared.lockTtlMs);
      if (!lock.ok) return {};
      // Whether we hold the lock now or another replica does, its value may already be there: a holder stores
      // before it unlocks, so checking after the lock attempt never misses a value and fetches twice.
      const entry = await this.readShared(shared, key, newerThan);
      if (entry) {
        if (lock.value !== null) await shared.store.unlock(key.id, lock.value);
        return { entry };
      }
      if (lock.value !== null) return { lock: lock.value };
    }
    return {};
  }

  private async readShared(
    shared: SharedTier,
    key: CacheKey,
    newerThan: number | undefined,
  ): Promise<CacheEntry | undefined> {
    const ticket = shared.invalidations.ticket();
    const got = await shared.store.get(key.id);
    if (!got.ok || got.value === undefined) return undefined;
    const entry = decodeEntry(got.value);
    if (!entry || (newerThan !== undefined && entry.storedAt <= newerThan)) return undefined;
    this.remember(shared, key, got.value, entry, ticket);
    return entry;
  }

  /** Redis when it answers (it is shared, so it knows about other replicas' writes and drops); else memory. */
  private async read(key: CacheKey): Promise<{ entry: CacheEntry | undefined; tier: CacheTier }> {
    const shared = this.deps.shared;
    if (shared?.store.available()) {
      const ticket = shared.invalidations.ticket();
      const got = await shared.store.get(key.id);
      if (got.ok) {
        const entry = got.value === undefined ? undefined : decodeEntry(got.value);
        if (entry && got.value !== undefined) this.remember(shared, key, got.value, entry, ticket);
        return { entry, tier: 'redis' };
      }
    }
    return { entry: this.deps.memory.get(key.id), tier: 'memory' };
  }

  /**
   * Keep a copy of what Redis answered in memory, for when Redis is unavailable, and for `isCurrent`. Not one that
   * a message about the page or its owner overtook: that copy may be outdated already.
   */
  private remember(
    shared: SharedTier,
    key: CacheKey,
    text: string,
    entry: CacheEntry,
    ticket: ReadTicket,
  ): void {
    if (shared.invalidations.overtaken(key, ticket)) return;
    const remaining = lifetimeMs(this.deps.policy) - ageOf(entry, this.deps.now());
    if (remaining > 0)
      this.deps.memory.set(key.id, key.owner, entry, entryBytes(entry, text), remaining, ticket.generation);
  }

  private async store(key: CacheKey, entry: CacheEntry): Promise<void> {
    // Text only for the shared tier; memory keeps the decoded page.
    const shared = this.deps.shared;
    const text = shared ? encodeEntry(entry) : undefined;
    const bytes = entryBytes(entry, text);
    if (bytes > this.deps.maxEntryBytes) {
      this.counters.oversized++;
      return;
    }
    const ttlMs = lifetimeMs(this.deps.policy);
    const generation = shared?.invalidations.generation ?? 0;
    this.deps.memory.set(key.id, key.owner, entry, bytes, ttlMs, generation);
    if (!shared || text === undefined) return;
    const { replica } = shared.invalidations;
    await shared.store.set(key.id, key.owner, text, ttlMs, {
      kind: 'entry',
      replica,
      id: key.id,
      storedAt: entry.storedAt,
    });
  }

  private async dropOwner(owner: string): Promise<void> {
    this.counters.credentialDrops++;
    this.deps.memory.dropOwner(owner);
    const shared = this.deps.shared;
    if (!shared) return;
    const { replica } = shared.invalidations;
    await shared.store.dropOwner(owner, { kind: 'owner', replica, owner });
  }
}
