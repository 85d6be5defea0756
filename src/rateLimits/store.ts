import type { Redis } from 'ioredis';
import { failSoftConnection, whenConnected } from '../cache/redisConnection';
import type { Logger } from '../logger';

export type LimitKind = 'caller' | 'upstream';

export interface LimitStoreOptions {
  url: string;
  keyPrefix: string;
  /** A count Redis has not answered within this is made by the replica's own memory instead. */
  commandTimeoutMs: number;
  /** After Redis failed to answer, counts stay in memory this long before Redis is asked again. */
  retryAfterMs: number;
  logger: Logger;
}

/**
 * The Redis both budgets count in, shared by every replica, and what happens when it cannot answer: the limits fail
 * open to each replica's own in-memory count (never a refusal, never a wait beyond one command timeout), counted
 * per limit kind, with one warning per outage. A connection of its own: a slow rate-limit count never queues
 * behind the cache's reads and writes.
 */
export class LimitStore {
  readonly client: Redis;
  /** Counts made in memory because Redis could not answer, by limit kind. */
  readonly failOpen: Record<LimitKind, number> = { caller: 0, upstream: 0 };
  private skipUntil = 0;
  private down = false;

  constructor(private readonly options: LimitStoreOptions) {
    this.client = failSoftConnection(options.url, options.commandTimeoutMs, {
      commandTimeout: options.commandTimeoutMs,
    });
    this.client.on('error', (error: Error) => this.unavailable(error.message));
    this.client.on('close', () => this.unavailable('connection closed'));
    // Connected (again): the next count asks Redis, whatever rest a failure had set.
    this.client.on('ready', () => {
      this.skipUntil = 0;
    });
  }

  /** Resolves once connected (true), or false after `timeoutMs`; the limits work either way. */
  whenReady(timeoutMs: number): Promise<boolean> {
    return whenConnected(this.client, timeoutMs);
  }

  get keyPrefix(): string {
    return this.options.keyPrefix;
  }

  /** Worth asking: connected, and not resting after a failure. */
  usable(): boolean {
    return this.client.status === 'ready' && performance.now() >= this.skipUntil;
  }

  /** One count was made in memory because Redis was not worth asking (`usable()` said no). */
  countedInMemory(kind: LimitKind): void {
    this.failOpen[kind]++;
  }

  /** Redis was asked for a count and did not answer it: the count was made in memory; rest before asking again. */
  failedOver(kind: LimitKind): void {
    this.failOpen[kind]++;
    this.skipUntil = performance.now() + this.options.retryAfterMs;
    this.unavailable('a count went unanswered');
  }

  /** Redis answered a count. */
  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.options.logger.info('Redis is back: rate limits are shared by the replicas again');
  }

  close(): void {
    this.client.removeAllListeners('close');
    this.client.disconnect();
  }

  private unavailable(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.options.logger.warn(
      { redis: { reason } },
      'Redis unavailable: rate limits fail open to per-replica memory counts until it is back',
    );
  }
}
