import { remainingMs, startDeadline } from '../../src/resilience/deadline';
import { isRetryable, RetryPolicy } from '../../src/resilience/retry';
import { RetryBudget } from '../../src/resilience/retryBudget';
import { UpstreamError } from '../../src/swr/upstreamError';

const http = (status: number, retryAfterMs?: number) =>
  new UpstreamError('http', `status ${status}`, { status, retryAfterMs });

function policy(maxAttempts = 3, random = () => 0) {
  return new RetryPolicy({
    maxAttempts,
    baseDelayMs: 10,
    maxDelayMs: 100,
    budget: new RetryBudget(0, 100),
    random,
  });
}

/** Fails with `errors` in turn, then succeeds; records each attempt. */
function script(...errors: Error[]) {
  const attempts: number[] = [];
  const fn = async (n: number) => {
    attempts.push(n);
    const error = errors[n - 1];
    if (error) throw error;
    return 'ok';
  };
  return { fn, attempts };
}

test.each([
  ['network error', new UpstreamError('network', 'reset'), true],
  ['502', http(502), true],
  ['503', http(503), true],
  ['504', http(504), true],
  ['429', http(429), true],
  ['400', http(400), false],
  ['401', http(401), false],
  ['403', http(403), false],
  ['404', http(404), false],
  ['500', http(500), false],
  ['timeout', new UpstreamError('timeout', 't'), false],
  ['invalid body', new UpstreamError('invalid', 'i'), false],
  ['too large', new UpstreamError('too_large', 'l'), false],
  ['caller gone', new UpstreamError('aborted', 'a'), false],
  ['busy', new UpstreamError('busy', 'b'), false],
  ['circuit open', new UpstreamError('circuit_open', 'c'), false],
  ['a bug', new Error('bug'), false],
])('%s retryable: %s', (_name, error, expected) => {
  expect(isRetryable(error)).toBe(expected);
});

test('retries up to the attempt limit, then gives the last error', async () => {
  const { fn, attempts } = script(http(503), http(502), http(504), http(503));
  await expect(policy(3).run(fn)).rejects.toEqual(expect.objectContaining({ status: 504 }));
  expect(attempts).toEqual([1, 2, 3]);
});

test('a success after failures is returned', async () => {
  const { fn, attempts } = script(new UpstreamError('network', 'reset'));
  await expect(policy(3).run(fn)).resolves.toBe('ok');
  expect(attempts).toEqual([1, 2]);
});

test('no retry once the caller says not to (open circuit)', async () => {
  const { fn, attempts } = script(http(503), http(503));
  await expect(policy(3).run(fn, { mayRetry: () => false })).rejects.toBeInstanceOf(UpstreamError);
  expect(attempts).toEqual([1]);
});

test('a Retry-After that fits in the deadline is waited out; one that does not fails at once', async () => {
  const fits = script(http(503, 30));
  const started = performance.now();
  await expect(policy().run(fits.fn, { deadlineAt: performance.now() + 1000 })).resolves.toBe('ok');
  expect(performance.now() - started).toBeGreaterThanOrEqual(29);

  const tooLong = script(http(503, 5000));
  const p = policy();
  await expect(p.run(tooLong.fn, { deadlineAt: performance.now() + 1000 })).rejects.toBeInstanceOf(
    UpstreamError,
  );
  expect(tooLong.attempts).toEqual([1]);
  expect(p.stats().deadlineRefused).toBe(1);
});

test('a backoff pause that would pass the deadline is not taken', async () => {
  const { fn, attempts } = script(http(503), http(503));
  const p = policy(3, () => 0.99);
  await expect(p.run(fn, { deadlineAt: performance.now() + 5 })).rejects.toBeInstanceOf(UpstreamError);
  expect(attempts).toEqual([1]);
});

test('a caller leaving during the pause ends the call as aborted, without another attempt', async () => {
  const { fn, attempts } = script(http(503, 10_000));
  const controller = new AbortController();
  const result = policy()
    .run(fn, { signal: controller.signal })
    .catch((e: unknown) => e);
  setTimeout(() => controller.abort(), 10);
  expect(await result).toEqual(expect.objectContaining({ failure: 'aborted' }));
  expect(attempts).toEqual([1]);
});

test('the deadline aborts with a timeout reason when it passes, and ends early with its caller', async () => {
  const timed = startDeadline(undefined, 20);
  expect(remainingMs(timed.deadlineAt)).toBeGreaterThan(0);
  await new Promise((resolve) => timed.signal.addEventListener('abort', resolve));
  expect((timed.signal.reason as Error).name).toBe('TimeoutError');

  const caller = new AbortController();
  const linked = startDeadline(caller.signal, 10_000);
  caller.abort(new DOMException('gone', 'AbortError'));
  expect(linked.signal.aborted).toBe(true);
  expect((linked.signal.reason as Error).name).toBe('AbortError');
});

test('the deadline counts from when the request started, not from when it was set up', () => {
  const { deadlineAt } = startDeadline(undefined, 1000, performance.now() - 400);
  expect(remainingMs(deadlineAt)).toBeLessThanOrEqual(600);
  expect(remainingMs(undefined)).toBe(Number.POSITIVE_INFINITY);
});

test('a released deadline lets go of its timer and its caller: it never aborts afterwards', async () => {
  const caller = new AbortController();
  const deadline = startDeadline(caller.signal, 20);
  deadline.release();
  await new Promise((resolve) => setTimeout(resolve, 40));
  expect(deadline.signal.aborted).toBe(false);
  caller.abort();
  expect(deadline.signal.aborted).toBe(false);
});
