import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { CheckResult } from '../ops/readiness';

/**
 * Whether the process is shutting down: `/ready` reports it, and the front door closes each connection after its
 * response so clients reconnect to another instance.
 */
export class DrainState {
  private draining = false;
  private readonly listeners: (() => void)[] = [];

  get active(): boolean {
    return this.draining;
  }

  /** Call `listener` when the drain starts (once). */
  onStart(listener: () => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.draining) return;
    this.draining = true;
    for (const listener of this.listeners) listener();
  }

  readonly check = (): CheckResult => (this.draining ? { ok: false, reason: 'shutting down' } : { ok: true });
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
