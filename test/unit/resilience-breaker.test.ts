import { type BreakerState, CircuitBreaker, type Verdict } from '../../src/resilience/breaker';
import { UpstreamError } from '../../src/swr/upstreamError';

class Outcome extends Error {
  constructor(readonly verdict: Verdict) {
    super(verdict);
  }
}

function setup(failureThreshold = 3, openMs = 1000) {
  let now = 0;
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker('https://swr.example', {
    failureThreshold,
    openMs,
    classify: (error) => (error instanceof Outcome ? error.verdict : 'ignore'),
    onStateChange: (state) => changes.push(state),
    now: () => now,
  });
  const call = (verdict: Verdict | 'ok') =>
    breaker
      .run(() => (verdict === 'ok' ? Promise.resolve('ok') : Promise.reject(new Outcome(verdict))))
      .then(
        () => 'ok',
        (error: unknown) => (error instanceof UpstreamError ? error.failure : (error as Outcome).verdict),
      );
  return { breaker, changes, call, advance: (ms: number) => (now += ms) };
}

test('consecutive failures open the circuit; a success in between resets the count', async () => {
  const { breaker, call } = setup(3);
  await call('failure');
  await call('failure');
  await call('ok');
  await call('failure');
  await call('failure');
  expect(breaker.state()).toBe('closed');
  await call('failure');
  expect(breaker.state()).toBe('open');
});

test('an open circuit refuses without running the call', async () => {
  const { breaker, call } = setup(1);
  await call('failure');
  let ran = false;
  const result = await breaker
    .run(async () => {
      ran = true;
    })
    .catch((error: unknown) => error);
  expect(ran).toBe(false);
  expect(result).toEqual(expect.objectContaining({ failure: 'circuit_open' }));
  expect(breaker.stats().rejected).toBe(1);
});

test('"success" verdicts (4xx) and ignored ones (caller gone) never open it', async () => {
  const { breaker, call } = setup(2);
  for (let i = 0; i < 5; i += 1) {
    await call('success');
    await call('ignore');
  }
  expect(breaker.stats()).toEqual(expect.objectContaining({ state: 'closed', consecutiveFailures: 0 }));
});

test('after the open period one probe goes through; its success closes the circuit', async () => {
  const { breaker, call, advance, changes } = setup(1, 1000);
  await call('failure');
  advance(999);
  expect(await call('ok')).toBe('circuit_open');
  advance(1);
  expect(breaker.state()).toBe('half-open');
  expect(await call('ok')).toBe('ok');
  expect(breaker.state()).toBe('closed');
  expect(changes).toEqual(['open', 'half-open', 'closed']);
});

test('a failing probe opens the circuit for another period', async () => {
  const { breaker, call, advance } = setup(1, 1000);
  await call('failure');
  advance(1000);
  expect(await call('failure')).toBe('failure');
  expect(breaker.state()).toBe('open');
  advance(999);
  expect(breaker.state()).toBe('open');
  advance(1);
  expect(breaker.state()).toBe('half-open');
  expect(breaker.stats().opened).toBe(2);
});

test('while a probe is out, other calls are refused; an ignored probe lets the next caller probe', async () => {
  const { breaker, call, advance } = setup(1, 1000);
  await call('failure');
  advance(1000);
  let finishProbe: (value: unknown) => void = () => undefined;
  const probe = breaker.run(() => new Promise((resolve) => (finishProbe = resolve)));
  expect(await call('ok')).toBe('circuit_open');
  finishProbe(undefined);
  await probe;
  expect(breaker.state()).toBe('closed');

  await call('failure');
  advance(1000);
  expect(await call('ignore')).toBe('ignore');
  expect(breaker.state()).toBe('half-open');
  expect(await call('ok')).toBe('ok');
  expect(breaker.state()).toBe('closed');
});

test('calls admitted before the circuit opened do not close it when they finish', async () => {
  const { breaker, call } = setup(1);
  let finishSlow: (value: unknown) => void = () => undefined;
  const slow = breaker.run(() => new Promise((resolve) => (finishSlow = resolve)));
  await call('failure');
  expect(breaker.state()).toBe('open');
  finishSlow(undefined);
  await slow;
  expect(breaker.state()).toBe('open');
});
