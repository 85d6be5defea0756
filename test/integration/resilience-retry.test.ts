import type { Fault } from '../../src/simulator';
import { expectRequest, faultHarness, useFaultHarnesses } from '../helpers/faults';
import { listCalls } from '../helpers/harness';

useFaultHarnesses();

const unavailable503: Fault = { kind: 'serverError', status: 503 };

/** Gaps between consecutive upstream calls: the backoff pauses as the upstream saw them. */
function gaps(h: Awaited<ReturnType<typeof faultHarness>>): number[] {
  const at = listCalls(h.sim).map((c) => c.receivedAt);
  return at.slice(1).map((t, i) => t - (at[i] ?? t));
}

test('a connection reset once, then an answer → data after 2 upstream calls', async () => {
  const h = await faultHarness();
  h.sim.faults.enqueue({ kind: 'reset' });
  // One backoff pause (at most the 100 ms base) plus two quick calls.
  const { result } = await expectRequest(h, { code: undefined, calls: 2 });
  expect(result.body.data?.sharedRepositories).toEqual(
    expect.objectContaining({ totalCount: expect.any(Number) }),
  );
});

test('3×503 then 200 with 2 retries → 3 upstream calls and UPSTREAM_UNAVAILABLE', async () => {
  const h = await faultHarness({ UPSTREAM_RETRY_MAX_ATTEMPTS: '3' });
  h.sim.faults.enqueue(unavailable503, 3);
  // Pauses of at most 100 ms and 200 ms (full jitter under base·2^(n-1)).
  const { result } = await expectRequest(h, { code: 'UPSTREAM_UNAVAILABLE', calls: 3 });
  expect(result.body.errors?.[0]?.extensions).toEqual(
    expect.objectContaining({ retryable: true, upstreamStatus: 503 }),
  );
  expect(h.sim.faults.pending()).toBe(0);
  // The warm-up made two calls of one attempt each.
  expect(h.upstream.resilience.stats().retry).toEqual(
    expect.objectContaining({ calls: 3, attempts: 5, retries: 2 }),
  );
});

test('retry pauses are jittered: two runs of the same failure wait differently', async () => {
  const h = await faultHarness({ UPSTREAM_RETRY_BASE_DELAY_MS: '200', UPSTREAM_RETRY_MAX_DELAY_MS: '400' });
  const runs: number[][] = [];
  for (const _run of [1, 2]) {
    h.sim.reset();
    h.sim.faults.enqueue(unavailable503, 3);
    const { code, ms } = await h.timedGql();
    expect(code).toBe('UPSTREAM_UNAVAILABLE');
    expect(listCalls(h.sim)).toHaveLength(3);
    expect(ms).toBeLessThan(2000);
    runs.push(gaps(h));
  }
  const [first, second] = runs as [number[], number[]];
  // Each pause stays under its ceiling (200 ms, then 400 ms; plus scheduling), and the runs differ.
  for (const run of runs) {
    expect(run[0]).toBeLessThan(200 + 100);
    expect(run[1]).toBeLessThan(400 + 100);
  }
  expect(first).not.toEqual(second);
});

test('Retry-After: 1 fits in the deadline and is honoured: the retry comes a second later and succeeds', async () => {
  const h = await faultHarness({ REQUEST_DEADLINE_MS: '5000' });
  h.sim.faults.enqueue({ kind: 'retryAfter', status: 503, seconds: 1 });
  const { code, ms } = await h.timedGql();
  expect(code).toBeUndefined();
  expect(listCalls(h.sim)).toHaveLength(2);
  expect(gaps(h)[0]).toBeGreaterThanOrEqual(1000 - 2);
  expect(ms).toBeGreaterThanOrEqual(1000);
  expect(ms).toBeLessThan(5000);
});

test('Retry-After: 120 does not fit in the deadline: the call fails at once, without a retry', async () => {
  const h = await faultHarness({ REQUEST_DEADLINE_MS: '10000' });
  h.sim.faults.enqueue({ kind: 'retryAfter', status: 429, seconds: 120 });
  await expectRequest(h, { code: 'RATE_LIMITED', calls: 1 });
  expect(h.upstream.resilience.stats().retry.deadlineRefused).toBe(1);
});

test('429 without Retry-After is retried with backoff', async () => {
  const h = await faultHarness();
  h.sim.faults.enqueue({ kind: 'throttled', code: 'APIG.0308' });
  await expectRequest(h, { code: undefined, calls: 2 });
});

test.each<[string, Fault, string]>([
  [
    '400',
    { kind: 'respond', status: 400, body: [{ errorCode: 'SVCSTG.SWR.4001025', errorMessage: 'x' }] },
    'UPSTREAM_BAD_REQUEST',
  ],
  ['401 with an empty body', { kind: 'emptyUnauthorized' }, 'UNAUTHENTICATED'],
  ['403 throttling code', { kind: 'throttled', code: 'SVCSTG.SWR.4031032' }, 'RATE_LIMITED'],
  [
    '404',
    { kind: 'respond', status: 404, body: [{ errorCode: 'SVCSTG.SWR.4040058', errorMessage: 'x' }] },
    'NOT_FOUND',
  ],
  ['500 (not a gateway error: likely to fail again)', { kind: 'serverError' }, 'UPSTREAM_UNAVAILABLE'],
])('%s is never retried: 1 upstream call', async (_name, fault, expected) => {
  const h = await faultHarness();
  h.sim.faults.enqueue(fault, 3);
  await expectRequest(h, { code: expected, calls: 1 });
});

test('once the retry budget is spent, failures go to the caller without retries', async () => {
  // Two retries in reserve and no share of calls: the first call spends both, the second gets none.
  const h = await faultHarness({ UPSTREAM_RETRY_BUDGET_PERCENT: '0', UPSTREAM_RETRY_BUDGET_RESERVE: '2' });
  h.sim.faults.always(unavailable503);
  await expectRequest(h, { code: 'UPSTREAM_UNAVAILABLE', calls: 3 });
  await expectRequest(h, { code: 'UPSTREAM_UNAVAILABLE', calls: 4 });
  expect(h.upstream.resilience.stats().retry.budgetExhausted).toBe(1);
});

test('a closed port → UPSTREAM_UNAVAILABLE fast, after the retries', async () => {
  const h = await faultHarness();
  await h.sim.close();
  const before = h.upstream.resilience.stats().retry.attempts;
  const { code, ms, result } = await h.timedGql();
  expect(code).toBe('UPSTREAM_UNAVAILABLE');
  expect(result.body.errors?.[0]?.extensions?.retryable).toBe(true);
  // Refused connections fail at once; only the two short backoff pauses (≤ 100 + 200 ms) add up.
  expect(h.upstream.resilience.stats().retry.attempts - before).toBe(3);
  expect(ms).toBeLessThan(500);
});
