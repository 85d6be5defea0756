import { setTimeout as sleep } from 'node:timers/promises';
import { abortedError, UpstreamError } from '../swr/upstreamError';
import { fullJitterDelay } from './backoff';
import { remainingMs } from './deadline';
import type { RetryBudget } from './retryBudget';

export interface RetryOptions {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budget: RetryBudget;
  random?: () => number;
}

export interface RetryContext {
  signal?: AbortSignal | undefined;
  /** On the `performance.now()` clock; a retry whose wait would pass it is not made. */
  deadlineAt?: number | undefined;
  /** Checked before each retry: e.g. no retry once the circuit has opened. */
  mayRetry?: () => boolean;
  /** Told about each retry before its wait. */
  onRetry?: (info: { attempt: number; delayMs: number; error: UpstreamError }) => void;
}

export interface RetryStats {
  /** Calls made (each may take several attempts). */
  calls: number;
  attempts: number;
  retries: number;
  /** Retries refused because the budget was spent. */
  budgetExhausted: number;
  /** Retries not made because `Retry-After` or the backoff did not fit in the deadline. */
  deadlineRefused: number;
  budgetAvailable: number;
}

/** Statuses worth another try: gateway errors and throttling. Never 4xx caller errors such as 400/401/403/404. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Whether a failed GET may be tried again. Only transient transport failures and the statuses above: a
 * timeout already spent most of the deadline, an invalid body would come back the same, and `busy`,
 * `circuit_open` and `aborted` are decisions, not accidents. IAM's failures are not SWR's to retry.
 */
export function isRetryable(error: unknown): error is UpstreamError {
  // IAM failing to issue the service token is IAM's, not SWR's: its token provider retries on its own terms.
  if (!(error instanceof UpstreamError) || error.upstream === 'IAM') return false;
  if (error.failure === 'network') return true;
  return error.failure === 'http' && error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
}

/**
 * Retries for the idempotent GET: a few attempts with full-jitter backoff, `Retry-After` honoured when it
 * fits in the deadline (otherwise the call fails at once: waiting past the deadline helps nobody), and a
 * budget so that retries cannot multiply the load during an outage.
 */
export class RetryPolicy {
  private readonly counters = { calls: 0, attempts: 0, retries: 0, budgetExhausted: 0, deadlineRefused: 0 };

  constructor(private readonly options: RetryOptions) {}

  stats(): RetryStats {
    return { ...this.counters, budgetAvailable: this.options.budget.available() };
  }

  async run<T>(attempt: (n: number) => Promise<T>, context: RetryContext = {}): Promise<T> {
    this.counters.calls += 1;
    this.options.budget.deposit();
    for (let n = 1; ; n += 1) {
      this.counters.attempts += 1;
      try {
        return await attempt(n);
      } catch (error) {
        const delayMs = this.delayBeforeRetry(error, n, context);
        if (delayMs === undefined) throw error;
        context.onRetry?.({ attempt: n, delayMs, error: error as UpstreamError });
        await this.pause(delayMs, context.signal);
      }
    }
  }

  /** The wait before retry number `n`, or `undefined` when the error must go to the caller. */
  private delayBeforeRetry(error: unknown, n: number, context: RetryContext): number | undefined {
    const { maxAttempts, baseDelayMs, maxDelayMs, budget, random } = this.options;
    if (n >= maxAttempts || !isRetryable(error)) return undefined;
    if (context.mayRetry && !context.mayRetry()) return undefined;
    const delayMs = error.retryAfterMs ?? fullJitterDelay(n, baseDelayMs, maxDelayMs, random);
    if (delayMs >= remainingMs(context.deadlineAt)) {
      this.counters.deadlineRefused += 1;
      return undefined;
    }
    if (!budget.tryWithdraw()) {
      this.counters.budgetExhausted += 1;
      return undefined;
    }
    this.counters.retries += 1;
    return delayMs;
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, signal ? { signal } : {});
    } catch (error) {
      throw signal?.aborted ? abortedError(signal, error) : error;
    }
  }
}
