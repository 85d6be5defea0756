import { randomBytes } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from '../logger';
import { encodeInvalidation, type InvalidationMessage, invalidationChannel } from './invalidationMessage';
import { failSoftConnection, whenConnected } from './redisConnection';

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  /** After a failure, skip Redis this long before trying it again. */
  retryAfterMs: number;
  logger: Logger;
  /** Told when an outage starts (`down`) and when Redis answers again (`up`). */
  onStateChange?: (state: 'up' | 'down') => void;
}

/** What a fail-soft call gives back: the value, or "Redis could not help" (the caller falls back). */
export type Outcome<T> = { ok: true; value: T } | { ok: false };

/**
 * Reject when `promise` has not settled `ms` after the call. On firing, the verdict waits one turn of the event
 * loop (setImmediate runs after pending I/O): when our own process was busy (a burst of requests), the reply
 * may already sit in the socket, and a lagging event loop must not be mistaken for a slow Redis.
 */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      setImmediate(() => reject(new Error(`Redis did not answer within ${ms} ms`)));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Run a MULTI; reject with the first command's error, if any. */
async function transaction(multi: ChainableCommander): Promise<void> {
  const results = await multi.exec();
  const failed = results?.find(([error]) => error !== null)?.[0];
  if (failed) throw failed;
}

/** Release the lock only if it is still ours: a lock that expired may belong to another replica by now. */
const UNLOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The shared tier. Every call is fail-soft: a dead, slow or hung Redis costs a request at most one command
 * timeout, after which Redis is skipped for `retryAfterMs` (memory and upstream answer meanwhile). No offline
 * queue, so nothing waits for a reconnect; ioredis reconnects by itself. One warning per outage.
 *
 * Keys: `{prefix}e:{id}` entries, `{prefix}o:{owner}` the set of a credential's entry ids (for the 401 drop),
 * `{prefix}l:{id}` single-flight locks. Every one is written with a TTL. Every write and drop is announced on
 * `{prefix}invalidations` in the same transaction, so whoever reads the new state could also have heard of it.
 */
export class RedisStore {
  private readonly client: Redis;
  private readonly options: RedisStoreOptions;
  private readonly channel: string;
  private skipUntil = 0;
  private down = false;
  private failures = 0;
  private closing = false;

  constructor(options: RedisStoreOptions) {
    this.options = options;
    this.channel = invalidationChannel(options.keyPrefix);
    this.client = failSoftConnection(options.url, options.commandTimeoutMs);
    this.client.on('error', (error: Error) => this.failed(error));
    this.client.on('ready', () => this.recovered());
    this.client.on('close', () => {
      if (!this.closing) this.noteOutage('connection closed');
    });
  }

  /** Worth asking right now: connected, and not cooling down after a failure. */
  available(): boolean {
    return this.client.status === 'ready' && performance.now() >= this.skipUntil;
  }

  /** Resolves once connected (true), or false after `timeoutMs`; the cache works either way. */
  whenReady(timeoutMs: number): Promise<boolean> {
    return whenConnected(this.client, timeoutMs);
  }

  get errors(): number {
    return this.failures;
  }

  get state(): 'up' | 'down' {
    return this.down ? 'down' : 'up';
  }

  get(id: string): Promise<Outcome<string | undefined>> {
    return this.guard(async () => (await this.client.get(this.entryKey(id))) ?? undefined);
  }

  /** Store an entry, index it under its credential (both expire) and announce it. */
  set(
    id: string,
    owner: string,
    text: string,
    ttlMs: number,
    announcement: InvalidationMessage,
  ): Promise<Outcome<void>> {
    const ownerKey = this.ownerKey(owner);
    return this.guard(async () => {
      await transaction(
        this.client
          .multi()
          .set(this.entryKey(id), text, 'PX', ttlMs)
          .sadd(ownerKey, id)
          // Every entry lives `ttlMs`, so the newest write always outlives the older entries it indexes.
          .pexpire(ownerKey, ttlMs)
          .publish(this.channel, encodeInvalidation(announcement)),
      );
    });
  }

  /** Remove every entry of a credential and announce it. */
  dropOwner(owner: string, announcement: InvalidationMessage): Promise<Outcome<number>> {
    const ownerKey = this.ownerKey(owner);
    return this.guard(async () => {
      const ids = await this.client.smembers(ownerKey);
      await transaction(
        this.client
          .multi()
          .unlink(ownerKey, ...ids.map((id) => this.entryKey(id)))
          .publish(this.channel, encodeInvalidation(announcement)),
      );
      return ids.length;
    });
  }

  /** Try to become the one replica that fetches `id`: a lock token when acquired, `null` when another holds it. */
  tryLock(id: string, ttlMs: number): Promise<Outcome<string | null>> {
    const token = randomBytes(16).toString('hex');
    return this.guard(async () => {
      const reply = await this.client.set(this.lockKey(id), token, 'PX', ttlMs, 'NX');
      return reply === 'OK' ? token : null;
    });
  }

  async unlock(id: string, token: string): Promise<void> {
    await this.guard(() => this.client.eval(UNLOCK, 1, this.lockKey(id), token));
  }

  close(): void {
    this.closing = true;
    // disconnect(), not quit(): quit waits for an answer a hung Redis never sends.
    this.client.disconnect();
  }

  private entryKey(id: string): string {
    return `${this.options.keyPrefix}e:${id}`;
  }

  private ownerKey(owner: string): string {
    return `${this.options.keyPrefix}o:${owner}`;
  }

  private lockKey(id: string): string {
    return `${this.options.keyPrefix}l:${id}`;
  }

  private async guard<T>(op: () => Promise<T>): Promise<Outcome<T>> {
    if (!this.available()) return { ok: false };
    try {
      const value = await withDeadline(op(), this.options.commandTimeoutMs);
      this.recovered();
      return { ok: true, value };
    } catch (error) {
      this.failed(error);
      return { ok: false };
    }
  }

  private failed(error: unknown): void {
    this.failures++;
    this.skipUntil = performance.now() + this.options.retryAfterMs;
    this.noteOutage(error instanceof Error ? error.message : String(error));
  }

  private noteOutage(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.options.onStateChange?.('down');
    this.options.logger.warn(
      { redis: { reason } },
      'Redis unavailable: serving from memory and upstream until it is back',
    );
  }

  private recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.skipUntil = 0;
    this.options.onStateChange?.('up');
    this.options.logger.info('Redis is back: shared cache resumed');
  }
}
