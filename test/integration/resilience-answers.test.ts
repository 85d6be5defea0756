import type { Fault } from '../../src/simulator';
import { TRUNCATED_JSON } from '../../src/simulator/faultPayloads';
import { expectRequest, faultHarness, useFaultHarnesses } from '../helpers/faults';
import { createHarness } from '../helpers/harness';

useFaultHarnesses();

test.each<[string, Fault, RegExp]>([
  [
    'malformed JSON',
    { kind: 'malformedJson' },
    new RegExp(TRUNCATED_JSON.slice(0, 40).replace(/[[\]{}()*+?.\\^$|]/g, '\\$&')),
  ],
  ['HTML with 200', { kind: 'html' }, /Bad Gateway|<html|<!DOCTYPE/i],
  ['wrong JSON shape', { kind: 'wrongShape' }, /"items"|busybox/],
])('%s → UPSTREAM_INVALID_RESPONSE, not retried, not cached, raw body absent', async (_name, fault, raw) => {
  const h = await faultHarness();
  h.sim.faults.enqueue(fault);
  const { result } = await expectRequest(h, { code: 'UPSTREAM_INVALID_RESPONSE', calls: 1 });
  expect(result.body.errors?.[0]?.extensions?.retryable).toBe(false);
  expect(JSON.stringify(result.body)).not.toMatch(raw);
  // Not cached: asking again goes upstream again and now gets the real answer.
  await expectRequest(h, { code: undefined, calls: 2 });
});

test('500 with an internal IP and a stack in the body → UPSTREAM_UNAVAILABLE with nothing of the body', async () => {
  const h = await faultHarness();
  h.sim.faults.enqueue({ kind: 'serverError' });
  const { result } = await expectRequest(h, { code: 'UPSTREAM_UNAVAILABLE', calls: 1 });
  const text = JSON.stringify(result.body);
  for (const leak of ['10.23.4.5', '5432', 'goroutine', 'shared.go', 'pq: dial', 'SharedRepoService']) {
    expect(text).not.toContain(leak);
  }
  // SWR's own error code and request id are what the client may act on.
  expect(result.body.errors?.[0]?.extensions).toEqual(
    expect.objectContaining({ upstreamCode: 'SVCSTG.SWR.5000008', upstreamStatus: 500 }),
  );
});

test('a redirect to another host is never followed: the token stays home → UPSTREAM_INVALID_RESPONSE', async () => {
  const h = await faultHarness();
  const elsewhere = await createHarness();
  try {
    h.sim.faults.enqueue({
      kind: 'redirect',
      location: `${elsewhere.sim.url}/v2/manage/shared-repositories`,
    });
    await expectRequest(h, { code: 'UPSTREAM_INVALID_RESPONSE', calls: 1 });
    expect(elsewhere.sim.requests).toHaveLength(0);
  } finally {
    await elsewhere.close();
  }
});
