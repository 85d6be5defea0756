import { tokenCredential } from '../../src/swr/credentials/credential';
import { CANARY, failedCalls, faultHarness, type Timed, useFaultHarnesses, waitFor } from '../helpers/faults';
import { listCalls } from '../helpers/harness';

useFaultHarnesses();

const CAP = 10;
const QUEUE = 5;
// Long enough for all 200 requests to arrive over HTTP while the first ones wait, even on a loaded machine.
const LATENCY_MS = 6000;
const SETTINGS = {
  UPSTREAM_MAX_CONCURRENT: String(CAP),
  UPSTREAM_QUEUE_SIZE: String(QUEUE),
  REQUEST_DEADLINE_MS: '20000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '15000',
};

test('200 concurrent requests against a slow SWR: at most the cap in flight, the rest UPSTREAM_BUSY at once', async () => {
  const h = await faultHarness(SETTINGS);
  h.sim.faults.always({ kind: 'latency', ms: LATENCY_MS });
  // 200 different searches, so that no layer (loader, cache, single-flight) may merge them into fewer calls.
  const query = 'query($name: String) { sharedRepositories(name: $name) { totalCount } }';
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const timed: Timed = await h.timedGql(query, { name: `n${i}` });
      return { ...timed, at: performance.now() - started };
    }),
  );
  const busy = answers.filter((a) => a.code === 'UPSTREAM_BUSY');
  const served = answers.filter((a) => a.code === undefined);
  // The cap went out at once, the queue followed as slots freed up, everything else was turned away.
  expect(served).toHaveLength(CAP + QUEUE);
  expect(busy).toHaveLength(200 - CAP - QUEUE);
  expect(listCalls(h.sim)).toHaveLength(CAP + QUEUE);
  expect(h.sim.peakConcurrency()).toBe(CAP);
  for (const b of busy) expect(b.result.body.errors?.[0]?.extensions?.retryable).toBe(true);
  // Turned away without waiting: every refusal reached its caller before SWR had answered anyone.
  expect(failedCalls(h).filter((c) => c.failure === 'busy')).toHaveLength(busy.length);
  expect(Math.max(...busy.map((b) => b.at))).toBeLessThan(Math.min(...served.map((s) => s.at)));
  expect(Math.min(...served.map((s) => s.at))).toBeGreaterThanOrEqual(LATENCY_MS);
  expect(h.upstream.resilience.stats().bulkhead).toEqual(
    expect.objectContaining({ inFlight: 0, queued: 0, rejected: busy.length }),
  );
}, 40_000);

test('with the bulkhead full, each of 200 concurrent calls is refused as busy in < 50 ms', async () => {
  const h = await faultHarness(SETTINGS);
  h.sim.faults.always({ kind: 'latency', ms: LATENCY_MS });
  const { client, resilience } = h.upstream;
  const { bulkhead } = resilience;
  const call = (offset: number) =>
    client.listSharedRepositories(
      { center: 'self', limit: 1, offset, order_column: 'updated_at', order_type: 'desc' },
      tokenCredential(CANARY),
    );
  const occupying = Array.from({ length: CAP + QUEUE }, (_, i) => call(i));
  await waitFor(() => bulkhead.inFlight() === CAP && bulkhead.queued() === QUEUE);
  // Timed straight at the client: the refusal itself, not 200 GraphQL pipelines sharing one CPU.
  const refusals = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const t0 = performance.now();
      const error = await call(1000 + i).catch((e: unknown) => e);
      return { error, ms: performance.now() - t0 };
    }),
  );
  for (const r of refusals) {
    expect(r.error).toEqual(expect.objectContaining({ failure: 'busy' }));
    expect(r.ms).toBeLessThan(50);
  }
  await Promise.all(occupying);
  expect(listCalls(h.sim)).toHaveLength(CAP + QUEUE);
  expect(h.sim.peakConcurrency()).toBe(CAP);
}, 40_000);
