import { tokenCredential } from '../../src/swr/credentials/credential';
import { UpstreamError } from '../../src/swr/upstreamError';
import {
  CANARY,
  expectRequest,
  type FaultHarness,
  faultHarness,
  useFaultHarnesses,
  waitFor,
} from '../helpers/faults';
import { listCalls } from '../helpers/harness';

useFaultHarnesses();

const BREAKER = { UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_OPEN_MS: '400' };
const QUERY = {
  center: 'self',
  limit: 20,
  offset: 0,
  order_column: 'updated_at',
  order_type: 'desc',
} as const;

/** Straight to the client: times the breaker's refusal without GraphQL parsing and execution around it. */
async function clientCallMs(h: FaultHarness): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await h.upstream.client.listSharedRepositories(QUERY, tokenCredential(CANARY));
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The list with a page size: each size is its own upstream page. */
const SIZED =
  'query Sized($size: Int) { sharedRepositories(page: { size: $size }) { totalCount nodes { name } } }';

test('the breaker opens after repeated 5xx, fails in < 5 ms without calling SWR, probes and closes', async () => {
  const h = await faultHarness(BREAKER);
  const { breaker } = h.upstream.resilience;
  h.sim.faults.always({ kind: 'serverError' });
  for (let i = 0; i < 3; i += 1) expect((await h.timedGql()).code).toBe('UPSTREAM_UNAVAILABLE');
  expect(listCalls(h.sim)).toHaveLength(3);
  expect(breaker.state()).toBe('open');

  // Open: the client says UPSTREAM_UNAVAILABLE (retryable) and SWR hears nothing.
  const open = await h.timedGql();
  expect(open.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(open.result.body.errors?.[0]?.extensions?.retryable).toBe(true);
  const refusals: { ms: number; error: unknown }[] = [];
  for (let i = 0; i < 20; i += 1) refusals.push(await clientCallMs(h));
  for (const { error } of refusals)
    expect(error).toEqual(expect.objectContaining({ failure: 'circuit_open' }));
  expect(refusals[0]?.error).toBeInstanceOf(UpstreamError);
  // The median of 20 refusals, one after the other: one can lose the CPU on a busy machine; the breaker
  // cannot be slow 20 times.
  expect(median(refusals.map((r) => r.ms))).toBeLessThan(5);
  expect(listCalls(h.sim)).toHaveLength(3);

  // After the open period one probe goes through; SWR has recovered, so the circuit closes.
  h.sim.faults.always(null);
  await waitFor(() => breaker.state() === 'half-open', 2000);
  const probe = await h.timedGql();
  expect(probe.code).toBeUndefined();
  expect(listCalls(h.sim)).toHaveLength(4);
  expect(breaker.state()).toBe('closed');
  // Closed: another page goes to SWR again (the probe's page is now a cache hit).
  expect((await h.timedGql(SIZED, { size: 5 })).code).toBeUndefined();
  expect(listCalls(h.sim)).toHaveLength(5);
  expect(h.upstream.resilience.stats().breaker).toEqual(
    expect.objectContaining({ state: 'closed', opened: 1, consecutiveFailures: 0 }),
  );
});

test('a failed probe opens the circuit again, and only one probe goes out at a time', async () => {
  const h = await faultHarness(BREAKER);
  const { breaker } = h.upstream.resilience;
  h.sim.faults.always({ kind: 'serverError' });
  for (let i = 0; i < 3; i += 1) await h.timedGql();
  await waitFor(() => breaker.state() === 'half-open', 2000);
  // Three callers at once while half-open, each for another page (the same page would be one shared call): one
  // probe reaches SWR (slow, then 500), the other two are refused while it is out.
  h.sim.setOptions({ latencyMs: 150 });
  const results = await Promise.all([5, 6, 7].map((size) => h.timedGql(SIZED, { size })));
  expect(results.map((r) => r.code)).toEqual(Array(3).fill('UPSTREAM_UNAVAILABLE'));
  expect(listCalls(h.sim)).toHaveLength(4);
  expect(breaker.state()).toBe('open');
  expect(h.upstream.resilience.stats().breaker).toEqual(expect.objectContaining({ opened: 2, rejected: 2 }));
});

test('timeouts open the breaker too', async () => {
  const h = await faultHarness({ ...BREAKER, REQUEST_DEADLINE_MS: '200' });
  h.sim.faults.always({ kind: 'hang' });
  for (let i = 0; i < 3; i += 1) expect((await h.timedGql()).code).toBe('UPSTREAM_TIMEOUT');
  expect(h.upstream.resilience.breaker.state()).toBe('open');
  await expectRequest(h, { code: 'UPSTREAM_UNAVAILABLE', calls: 3 });
});

test('400s never open the breaker: each is 1 call and the circuit stays closed', async () => {
  const h = await faultHarness(BREAKER);
  h.sim.faults.always({
    kind: 'respond',
    status: 400,
    body: [{ errorCode: 'SVCSTG.SWR.4001025', errorMessage: 'invalid parameters' }],
  });
  for (let i = 1; i <= 5; i += 1) await expectRequest(h, { code: 'UPSTREAM_BAD_REQUEST', calls: i });
  expect(h.upstream.resilience.stats().breaker).toEqual(
    expect.objectContaining({ state: 'closed', consecutiveFailures: 0, opened: 0 }),
  );
});
