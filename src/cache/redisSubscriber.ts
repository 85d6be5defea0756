import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { decodeInvalidation, invalidationChannel } from './invalidationMessage';
import type { Invalidations } from './invalidations';
import { failSoftConnection } from './redisConnection';

/** After a SUBSCRIBE that failed on a connection still open, wait this long before the next one. */
const RESUBSCRIBE_AFTER_MS = 1000;

/**
 * How often the subscriber makes sure its connection still delivers. A connection can die without closing (a NAT
 * or firewall forgetting an idle connection, a partition), and the messages sent meanwhile are lost without a
 * sign: a ping still unanswered at the next beat counts as a lost connection, which is then replaced.
 */
const HEARTBEAT_MS = 1000;

export interface RedisSubscriberOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  invalidations: Invalidations;
  logger: Logger;
}

/**
 * Listens to the other replicas' invalidation messages on a connection of its own (a subscribed connection can
 * issue nothing else) and hands them to `Invalidations`, which it also tells whether it is listening. Fail-soft
 * like the store: no offline queue, bounded connects and commands, ioredis reconnects by itself, one warning per
 * outage. It subscribes itself on every (re)connect (not ioredis's automatic resubscription) so that
 * `Invalidations` learns exactly when messages are heard again, and pings on a heartbeat so that it learns when
 * they stop without the connection closing.
 */
export class RedisSubscriber {
  private readonly client: Redis;
  private readonly channel: string;
  private listening = false;
  private down = false;
  private closing = false;
  /** A heartbeat's ping is unanswered. */
  private pongDue = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: RedisSubscriberOptions) {
    this.channel = invalidationChannel(options.keyPrefix);
    this.client = failSoftConnection(options.url, options.commandTimeoutMs, { autoResubscribe: false });
    this.client.on('ready', () => this.subscribe());
    this.client.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message = decodeInvalidation(text);
      if (message) options.invalidations.apply(message);
    });
    this.client.on('error', (error: Error) => this.noteOutage(error.message));
    this.client.on('close', () => this.lost('connection closed'));
    // The verdict waits one turn of the event loop, so a busy process reads a pong already in the socket first.
    this.heartbeat = setInterval(() => setImmediate(() => this.beat()), HEARTBEAT_MS).unref();
  }

  /** Resolves true once subscribed, or false after `timeoutMs`; the cache works either way. */
  whenSubscribed(timeoutMs: number): Promise<boolean> {
    if (this.listening) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const done = (subscribed: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(onSubscribed);
        resolve(subscribed);
      };
      const onSubscribed = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(onSubscribed);
    });
  }

  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.client.disconnect();
  }

  private beat(): void {
    if (this.closing || this.client.status !== 'ready') return;
    if (this.pongDue) {
      // Deaf from now on, though a connection that does not answer may take a while to close; the new connection
      // subscribes again.
      this.lost('no answer to a heartbeat');
      this.client.disconnect(true);
      return;
    }
    this.pongDue = true;
    // A ping that fails or times out stays due: the next beat replaces the connection.
    this.client.ping().then(
      () => {
        this.pongDue = false;
      },
      () => undefined,
    );
  }

  private subscribe(): void {
    this.client.subscribe(this.channel).then(
      () => {
        if (this.client.status !== 'ready' || this.closing) return;
        this.listening = true;
        this.options.invalidations.subscriptionUp();
        for (const waiter of [...this.waiters]) waiter();
        if (!this.down) return;
        this.down = false;
        this.options.logger.info('Redis invalidation channel is back: kept results are reused again');
      },
      (error: unknown) => {
        this.noteOutage(error instanceof Error ? error.message : String(error));
        // A closed connection subscribes again when it is back; one still open (a slow or refusing Redis) retries
        // here, subscribing being idempotent.
        if (this.client.status === 'ready' && !this.closing)
          setTimeout(() => this.subscribe(), RESUBSCRIBE_AFTER_MS).unref();
      },
    );
  }

  private lost(reason: string): void {
    this.listening = false;
    this.pongDue = false;
    this.options.invalidations.subscriptionDown();
    this.noteOutage(reason);
  }

  private noteOutage(reason: string): void {
    if (this.down || this.closing) return;
    this.down = true;
    this.options.logger.warn(
      { redis: { reason } },
      'Redis invalidation channel lost: kept results are not reused until it is back',
    );
  }
}
