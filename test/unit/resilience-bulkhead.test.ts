import { Bulkhead } from '../../src/resilience/bulkhead';
import { UpstreamError } from '../../src/swr/upstreamError';

function gate() {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof UpstreamError ? error.failure : 'other'),
  );

test('up to the limit runs at once, the queue waits, the rest is refused as busy', async () => {
  const bulkhead = new Bulkhead(2, 1);
  const g = gate();
  const running = [bulkhead.run(() => g.promise), bulkhead.run(() => g.promise)];
  let queuedRan = false;
  const queued = bulkhead.run(async () => {
    queuedRan = true;
  });
  expect(await failureOf(bulkhead.run(async () => undefined))).toBe('busy');
  expect(bulkhead.stats()).toEqual({ limit: 2, queueLimit: 1, inFlight: 2, queued: 1, rejected: 1 });
  expect(queuedRan).toBe(false);
  g.open();
  await Promise.all([...running, queued]);
  expect(queuedRan).toBe(true);
  expect(bulkhead.stats()).toEqual(expect.objectContaining({ inFlight: 0, queued: 0 }));
});

test('a freed slot goes to the oldest waiter, not to a newcomer', async () => {
  const bulkhead = new Bulkhead(1, 2);
  const g = gate();
  const order: string[] = [];
  const first = bulkhead.run(() => g.promise);
  const a = bulkhead.run(async () => void order.push('a'));
  const b = bulkhead.run(async () => void order.push('b'));
  g.open();
  await Promise.all([first, a, b]);
  expect(order).toEqual(['a', 'b']);
});

test('a failing call gives its slot back', async () => {
  const bulkhead = new Bulkhead(1, 0);
  await expect(bulkhead.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await failureOf(bulkhead.run(async () => undefined))).toBe('ok');
});

test('a queued call whose deadline passes leaves the queue as a timeout', async () => {
  const bulkhead = new Bulkhead(1, 1);
  const g = gate();
  const first = bulkhead.run(() => g.promise);
  const controller = new AbortController();
  const waiting = failureOf(bulkhead.run(async () => undefined, controller.signal));
  controller.abort(new DOMException('deadline', 'TimeoutError'));
  expect(await waiting).toBe('timeout');
  expect(bulkhead.queued()).toBe(0);
  g.open();
  await first;
  expect(bulkhead.inFlight()).toBe(0);
});

test('a call whose caller has gone is not started', async () => {
  const bulkhead = new Bulkhead(1, 1);
  const controller = new AbortController();
  controller.abort();
  expect(await failureOf(bulkhead.run(async () => undefined, controller.signal))).toBe('aborted');
  expect(bulkhead.inFlight()).toBe(0);
});
