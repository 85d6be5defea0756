import type { Fault } from '../../src/simulator';
import { CANARY, fastestOf, faultHarness, LIST, useFaultHarnesses, waitFor } from '../helpers/faults';
import { listCalls } from '../helpers/harness';

useFaultHarnesses();

const DEADLINE_MS = 300;
/** The bound: the answer comes at most this long after the deadline. */
const SLACK_MS = 100;

/** Every trial: UPSTREAM_TIMEOUT, not before the deadline, one call whose connection the gateway closed. */
async function timesOutAtTheDeadline(fault: Fault) {
  const h = await faultHarness({ REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
  const trial = async () => {
    h.sim.reset();
    h.sim.faults.enqueue(fault);
    const { code, ms, result } = await h.timedGql();
    expect(code).toBe('UPSTREAM_TIMEOUT');
    expect(result.body.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 1);
    // The simulator stamps closedAt when the connection of an unfinished answer closes: the gateway hung up
    // instead of letting the call run on in the background. A timeout is not retried.
    const [call] = listCalls(h.sim);
    await waitFor(() => call?.closedAt !== undefined, 1000);
    expect(listCalls(h.sim)).toHaveLength(1);
    const closedAfter = (call?.closedAt ?? Number.POSITIVE_INFINITY) - (call?.receivedAt ?? 0);
    return Math.max(ms, closedAfter);
  };
  expect(await fastestOf(DEADLINE_MS + SLACK_MS, trial)).toBeLessThan(DEADLINE_MS + SLACK_MS);
}

test('an upstream slower than the deadline → UPSTREAM_TIMEOUT within deadline + 100 ms, socket closed', () =>
  timesOutAtTheDeadline({ kind: 'latency', ms: 5000 }));

test('an upstream that never answers → UPSTREAM_TIMEOUT within deadline + 100 ms, socket closed', () =>
  timesOutAtTheDeadline({ kind: 'hang' }));

test('a body that trickles in (each chunk inside the body timeout) → UPSTREAM_TIMEOUT at the deadline', () =>
  // 10 chunks 100 ms apart: the idle body timeout (5 s) never fires; only the overall deadline stops it.
  timesOutAtTheDeadline({ kind: 'slowBody', chunkDelayMs: 100, chunks: 10 }));

test('a client that disconnects aborts its upstream request: the upstream sees the close within 100 ms', async () => {
  const h = await faultHarness();
  const port = new URL(h.gateway.url).port;
  const trial = async () => {
    h.sim.reset();
    h.sim.faults.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const response = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': CANARY },
      body: JSON.stringify({ query: LIST }),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => listCalls(h.sim).length === 1);
    const abortedAt = Date.now();
    abort.abort();
    expect(await response).toHaveProperty('name', 'AbortError');
    const [call] = listCalls(h.sim);
    await waitFor(() => call?.closedAt !== undefined, 1000);
    // Settled without a retry: an abandoned request is not worth another upstream call.
    await waitFor(() => h.upstream.resilience.bulkhead.inFlight() === 0, 1000);
    expect(listCalls(h.sim)).toHaveLength(1);
    expect(h.upstream.resilience.stats().retry.retries).toBe(0);
    return (call?.closedAt ?? Number.POSITIVE_INFINITY) - abortedAt;
  };
  expect(await fastestOf(100, trial)).toBeLessThanOrEqual(100);
  expect(h.logs.entries().some((e) => e.msg === 'upstream call failed' && e.failure === 'aborted')).toBe(
    true,
  );
});
