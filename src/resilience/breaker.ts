import { UpstreamError } from '../swr/upstreamError';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** How a finished call counts: against the upstream, for it, or not at all (e.g. the caller went away). */
export type Verdict = 'failure' | 'success' | 'ignore';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  openMs: number;
  /** Tells failures from successes; a resolved call is always a success. */
  classify(error: unknown): Verdict;
  onStateChange?(state: BreakerState): void;
  now?: () => number;
}

export interface BreakerStats {
  state: BreakerState;
  consecutiveFailures: number;
  /** Times the circuit opened since start. */
  opened: number;
  /** Calls failed fast while open (or while a probe was out) since start. */
  rejected: number;
}

/**
 * A consecutive-failure circuit breaker for one upstream. Closed: calls pass, failures are counted, a
 * success resets the count. Open: calls fail at once with `circuit_open`, sparing a struggling upstream and
 * the callers' time. After `openMs` it is half-open: exactly one probe goes through; its success closes the
 * circuit, its failure opens it for another `openMs`.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private openedCount = 0;
  private rejectedCount = 0;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly options: BreakerOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** The state now; an open circuit whose time is up reads as half-open. */
  state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) {
      this.transition('half-open');
    }
    return this.current;
  }

  stats(): BreakerStats {
    return {
      state: this.state(),
      consecutiveFailures: this.failures,
      opened: this.openedCount,
      rejected: this.rejectedCount,
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const isProbe = this.admit();
    let verdict: Verdict = 'success';
    try {
      return await fn();
    } catch (error) {
      verdict = this.options.classify(error);
      throw error;
    } finally {
      this.record(verdict, isProbe);
    }
  }

  /** Let the call through (returning whether it is the half-open probe) or throw `circuit_open`. */
  private admit(): boolean {
    const state = this.state();
    if (state === 'closed') return false;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    this.rejectedCount += 1;
    throw new UpstreamError('circuit_open', `circuit for ${this.name} is open`);
  }

  private record(verdict: Verdict, isProbe: boolean): void {
    if (isProbe) {
      this.probing = false;
      if (verdict === 'success') this.close();
      else if (verdict === 'failure') this.open();
      // An ignored probe (caller gone) proves nothing: stay half-open for the next caller to probe.
      return;
    }
    // Calls admitted before the circuit opened finish later; only the probe decides while not closed.
    if (this.current !== 'closed') return;
    if (verdict === 'success') this.failures = 0;
    else if (verdict === 'failure') {
      this.failures += 1;
      if (this.failures >= this.options.failureThreshold) this.open();
    }
  }

  private open(): void {
    this.openedAt = this.now();
    this.openedCount += 1;
    this.transition('open');
  }

  private close(): void {
    this.failures = 0;
    this.transition('closed');
  }

  private transition(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
