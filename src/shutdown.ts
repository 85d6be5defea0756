import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger';
import type { CheckResult } from './readiness';

/** Whether the process is shutting down; `/ready` reports it and responses stop keeping connections alive. */
export class DrainState {
  private draining = false;

  get active(): boolean {
    return this.draining;
  }

  start(): void {
    this.draining = true;
  }

  readonly check = (): CheckResult => (this.draining ? { ok: false, reason: 'shutting down' } : { ok: true });

  /** While draining, every response closes its connection so clients reconnect to another instance. */
  plugin(): Plugin {
    return {
      onResponse: ({ response }) => {
        if (this.draining) response.headers.set('connection', 'close');
      },
    };
  }
}

export interface DrainTimes {
  /** Time to keep serving while /ready says "not ready" (load balancers notice and stop routing). */
  delayMs: number;
  /** Time in-flight requests get after the listener closed; then connections are cut. */
  graceMs: number;
}

/**
 * Stop a server gracefully: keep serving for `delayMs`, stop accepting, let in-flight requests finish within
 * `graceMs`, then cut what is left. Resolves once every connection is closed.
 */
export async function drainServer(server: Server, times: DrainTimes, logger: Logger): Promise<void> {
  if (times.delayMs > 0) await sleep(times.delayMs);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = new AbortController();
  const outcome = await Promise.race([
    closed.then(() => 'closed' as const),
    sleep(times.graceMs, 'timeout' as const, { signal: timer.signal }),
  ]);
  timer.abort();
  if (outcome === 'timeout') {
    logger.warn({ graceMs: times.graceMs }, 'grace period over: closing the remaining connections');
    server.closeAllConnections();
    await closed;
  }
}
