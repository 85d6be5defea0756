import type { Operations } from '../ops';
import type { Resilience } from './policy';

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/** The upstream policies' state as metrics, and an open breaker as "not ready" (with the reason). */
export function registerResilienceOperations(ops: Operations, resilience: Resilience): void {
  ops.readiness.register('breaker', () =>
    resilience.breaker.state() === 'open'
      ? { ok: false, reason: 'the SWR circuit breaker is open (SWR keeps failing)' }
      : { ok: true },
  );
  ops.metrics?.registerStats({
    name: 'gateway_upstream_breaker_state',
    help: 'Circuit breaker of the SWR upstream: 1 for the current state',
    type: 'gauge',
    labelNames: ['state'],
    read: () => {
      const state = resilience.breaker.state();
      return BREAKER_STATES.map((s) => ({ labels: { state: s }, value: s === state ? 1 : 0 }));
    },
  });
  ops.metrics?.registerStats({
    name: 'gateway_upstream_bulkhead',
    help: 'Upstream calls in flight and queued at the bulkhead',
    type: 'gauge',
    labelNames: ['state'],
    read: () => {
      const { inFlight, queued } = resilience.stats().bulkhead;
      return [
        { labels: { state: 'in_flight' }, value: inFlight },
        { labels: { state: 'queued' }, value: queued },
      ];
    },
  });
  ops.metrics?.registerStats({
    name: 'gateway_upstream_resilience_events_total',
    help: 'Upstream resilience events: attempts, retries, refused retries, breaker opens and fast failures, busy',
    type: 'counter',
    labelNames: ['event'],
    read: () => {
      const { retry, breaker, bulkhead } = resilience.stats();
      return [
        { labels: { event: 'attempt' }, value: retry.attempts },
        { labels: { event: 'retry' }, value: retry.retries },
        { labels: { event: 'retry_budget_exhausted' }, value: retry.budgetExhausted },
        { labels: { event: 'retry_deadline_refused' }, value: retry.deadlineRefused },
        { labels: { event: 'breaker_opened' }, value: breaker.opened },
        { labels: { event: 'breaker_rejected' }, value: breaker.rejected },
        { labels: { event: 'busy' }, value: bulkhead.rejected },
      ];
    },
  });
}
