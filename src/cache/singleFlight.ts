import { PlainAbortSignal } from '../resilience/plainAbortSignal';

interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: PlainAbortSignal;
  /** Background work is nobody's to cancel: waiters leaving never abort it. */
  readonly detached: boolean;
  waiters: number;
}

export interface RunOptions {
  /** The waiter's own signal: when it aborts, this waiter leaves (and the work stops if it was the last). */
  signal?: AbortSignal;
  detached?: boolean;
}

/**
 * Concurrent calls for one key share one execution of `work`. Each waiter may leave on its own signal; the
 * shared work is aborted only when every waiter has left, so one client disconnecting never fails the others.
 * A settled flight is forgotten at once: results are not kept here (that is the cache's job).
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** @param leaveError what a waiter that left is rejected with */
  constructor(private readonly leaveError: (reason: unknown) => Error) {}

  has(key: string): boolean {
    return this.flights.has(key);
  }

  get size(): number {
    return this.flights.size;
  }

  /** Start `work` for `key`, or join the execution already in flight (`joined`). */
  run(
    key: string,
    work: (signal: AbortSignal) => Promise<T>,
    options: RunOptions = {},
  ): { result: Promise<T>; joined: boolean } {
    const current = this.flights.get(key);
    const flight = current ?? this.start(key, work, options.detached ?? false);
    const result = options.detached ? flight.promise : this.wait(key, flight, options.signal);
    return { result, joined: current !== undefined };
  }

  /** Abort everything in flight (shutdown). */
  abortAll(reason: unknown): Promise<unknown[]> {
    const pending = [...this.flights.values()];
    for (const flight of pending) flight.controller.abort(reason);
    return Promise.allSettled(pending.map((f) => f.promise));
  }

  private start(key: string, work: (signal: AbortSignal) => Promise<T>, detached: boolean): Flight<T> {
    const controller = new PlainAbortSignal();
    const promise = Promise.resolve()
      .then(() => work(controller.asAbortSignal()))
      .finally(() => this.forget(key, flight));
    // Waiters observe the outcome; this keeps a flight whose waiters all left from being "unhandled".
    promise.catch(() => undefined);
    const flight: Flight<T> = { promise, controller, detached, waiters: 0 };
    this.flights.set(key, flight);
    return flight;
  }

  private wait(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        reject(this.leaveError(signal.reason));
        flight.waiters--;
        if (flight.waiters === 0 && !flight.detached) {
          // Forget first, so a newcomer starts afresh instead of joining work that is being cancelled.
          this.forget(key, flight);
          flight.controller.abort(signal.reason);
        }
      };
      if (signal.aborted) {
        leave();
        return;
      }
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }

  private forget(key: string, flight: Flight<T>): void {
    if (this.flights.get(key) === flight) this.flights.delete(key);
  }
}
