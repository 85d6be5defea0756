import { abortedError, UpstreamError } from '../swr/upstreamError';

/** Grants a queued call its slot. */
type Waiter = () => void;

export interface BulkheadStats {
  limit: number;
  queueLimit: number;
  inFlight: number;
  queued: number;
  /** Calls turned away with `busy` since start. */
  rejected: number;
}

/**
 * A cap on concurrent upstream calls with a short FIFO queue. Past both, a call fails at once with `busy`:
 * a saturated upstream gets no more work piled on, and callers get an answer instead of a long wait.
 * A queued call leaves the queue when its signal aborts (deadline or caller gone).
 */
export class Bulkhead {
  private active = 0;
  private rejectedCount = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {}

  /** Not `async`: a refusal must not wait behind other work for extra microtask turns. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.active < this.limit) {
      this.active += 1;
      return this.holding(fn);
    }
    if (this.waiting.length >= this.queueLimit) {
      this.rejectedCount += 1;
      return Promise.reject(
        new UpstreamError(
          'busy',
          `upstream bulkhead full (${this.limit} in flight, ${this.queueLimit} queued)`,
        ),
      );
    }
    return this.enqueue(signal).then(() => this.holding(fn));
  }

  inFlight(): number {
    return this.active;
  }

  queued(): number {
    return this.waiting.length;
  }

  stats(): BulkheadStats {
    return {
      limit: this.limit,
      queueLimit: this.queueLimit,
      inFlight: this.active,
      queued: this.waiting.length,
      rejected: this.rejectedCount,
    };
  }

  /** Run `fn` in a slot already taken, and give the slot back however it ends. */
  private async holding<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Wait for a slot; leave the queue if the signal aborts first. */
  private enqueue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(abortedError(signal as AbortSignal));
      };
      const waiter: Waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hand the slot straight to the next waiter, so a queued call cannot be overtaken by a newcomer. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
