import type { Logger } from '../logger';
import { UpstreamError } from '../swr/upstreamError';
import { type BreakerState, type BreakerStats, CircuitBreaker, type Verdict } from './breaker';
import { Bulkhead, type BulkheadStats } from './bulkhead';
import { RetryPolicy, type RetryStats } from './retry';
import { RetryBudget } from './retryBudget';

export interface ResilienceSettings {
  retry: {
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    budgetPercent: number;
    budgetReserve: number;
  };
  breaker: { failureThreshold: number; openMs: number };
  bulkhead: { maxConcurrent: number; queueSize: number };
}

/** What a call brings along: its abort signal (deadline and caller), the deadline itself, its request id. */
export interface PolicyCall {
  signal?: AbortSignal | undefined;
  deadlineAt?: number | undefined;
  requestId?: string | undefined;
  /**
   * Asked before each attempt, outside the bulkhead: throws to refuse the attempt without making it (the upstream
   * budget). Every HTTP request counts, retries included: each is one against SWR's own limit.
   */
  admit?: (() => Promise<void>) | undefined;
}

/** A snapshot for metrics and readiness, read at scrape time. */
export interface ResilienceStats {
  origin: string;
  breaker: BreakerStats;
  bulkhead: BulkheadStats;
  retry: RetryStats;
}

/**
 * Timeouts, 5xx and network errors say the upstream is in trouble; any other answer (4xx, an odd body) says
 * it is up. A caller that went away, or IAM (the service token), says nothing about it.
 */
function breakerVerdict(error: unknown): Verdict {
  // IAM failing to issue the service token says nothing about SWR.
  if (!(error instanceof UpstreamError) || error.upstream === 'IAM') return 'ignore';
  switch (error.failure) {
    case 'timeout':
    case 'network':
      return 'failure';
    case 'http':
      return (error.status ?? 0) >= 500 ? 'failure' : 'success';
    case 'invalid':
    case 'too_large':
      return 'success';
    case 'aborted':
    case 'busy':
    case 'circuit_open':
    case 'budget':
      return 'ignore';
  }
}

/** Local refusals and callers that left are expected under load; upstream faults are worth a warning. */
function failureLevel(error: unknown): 'debug' | 'info' | 'warn' {
  if (!(error instanceof UpstreamError)) return 'warn';
  if (error.failure === 'aborted') return 'debug';
  if (error.failure === 'busy' || error.failure === 'circuit_open' || error.failure === 'budget')
    return 'info';
  return 'warn';
}

/**
 * The policies around every upstream call of one upstream origin, outermost first: retry (its pauses hold no
 * slot), bulkhead (caps what is in flight), circuit breaker (sees only real attempts, so queueing and
 * local refusals never count against the upstream), then the attempt itself.
 */
export class Resilience {
  readonly retry: RetryPolicy;
  readonly bulkhead: Bulkhead;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly origin: string,
    settings: ResilienceSettings,
    private readonly logger: Logger,
  ) {
    this.retry = new RetryPolicy({
      maxAttempts: settings.retry.maxAttempts,
      baseDelayMs: settings.retry.baseDelayMs,
      maxDelayMs: settings.retry.maxDelayMs,
      budget: new RetryBudget(settings.retry.budgetPercent / 100, settings.retry.budgetReserve),
    });
    this.bulkhead = new Bulkhead(settings.bulkhead.maxConcurrent, settings.bulkhead.queueSize);
    this.breaker = new CircuitBreaker(origin, {
      failureThreshold: settings.breaker.failureThreshold,
      openMs: settings.breaker.openMs,
      classify: breakerVerdict,
      onStateChange: (state) => this.onBreakerChange(state),
    });
  }

  stats(): ResilienceStats {
    return {
      origin: this.origin,
      breaker: this.breaker.stats(),
      bulkhead: this.bulkhead.stats(),
      retry: this.retry.stats(),
    };
  }

  async run<T>(attempt: () => Promise<T>, call: PolicyCall = {}): Promise<T> {
    const started = performance.now();
    let attempts = 0;
    try {
      return await this.retry.run(
        async () => {
          await call.admit?.();
          attempts += 1;
          return this.bulkhead.run(() => this.breaker.run(attempt), call.signal);
        },
        {
          signal: call.signal,
          deadlineAt: call.deadlineAt,
          mayRetry: () => this.breaker.state() === 'closed',
          onRetry: ({ attempt: n, delayMs, error }) =>
            this.logger.debug(
              {
                requestId: call.requestId,
                attempt: n,
                delayMs,
                failure: error.failure,
                status: error.status,
              },
              'retrying upstream call',
            ),
        },
      );
    } catch (error) {
      const e = error instanceof UpstreamError ? error : undefined;
      this.logger[failureLevel(error)](
        {
          requestId: call.requestId,
          failure: e?.failure,
          status: e?.status,
          upstreamCode: e?.upstreamCode,
          upstreamRequestId: e?.upstreamRequestId,
          attempts,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'upstream call failed',
      );
      throw error;
    }
  }

  private onBreakerChange(state: BreakerState): void {
    const level = state === 'open' ? 'warn' : 'info';
    this.logger[level]({ origin: this.origin, breaker: state }, `circuit ${state}`);
  }
}
