import Redis, { type RedisOptions } from 'ioredis';

/**
 * A connection of the cache's Redis tier, fail-soft: nothing waits for a reconnect (no offline queue, a command in
 * flight when the connection drops fails at once), connects are bounded, and ioredis reconnects by itself.
 * `extra`: what one connection needs beyond that (the subscriber resubscribes itself, for instance).
 */
export function failSoftConnection(url: string, commandTimeoutMs: number, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    // A backstop (also bounds the connection's ready check against a server that never answers); requests
    // are bounded by their caller's deadline at `commandTimeoutMs`.
    commandTimeout: commandTimeoutMs * 4,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: Math.max(1000, commandTimeoutMs * 4),
    retryStrategy: (times) => Math.min(100 * times, 2000),
    disableClientInfo: true,
    ...extra,
  });
}

/** Resolves true once `client` is connected, or false after `timeoutMs`; what waits on it works either way. */
export function whenConnected(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once('ready', onReady);
  });
}
