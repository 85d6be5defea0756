import { Readiness } from '../../src/ops/readiness';
import { DrainState } from '../../src/server/shutdown';

test('ready when every registered check passes', async () => {
  const r = new Readiness();
  r.register('a', () => ({ ok: true }));
  r.register('b', async () => ({ ok: true }));
  expect(await r.report()).toEqual({ ready: true, checks: { a: { ok: true }, b: { ok: true } } });
});

test('one failing check makes it not ready, with that check’s reason', async () => {
  const r = new Readiness();
  r.register('a', () => ({ ok: true }));
  r.register('breaker', () => ({ ok: false, reason: 'upstream circuit open' }));
  expect(await r.report()).toEqual({
    ready: false,
    checks: { a: { ok: true }, breaker: { ok: false, reason: 'upstream circuit open' } },
  });
});

test('a check that throws or hangs counts as failed', async () => {
  const r = new Readiness(100);
  r.register('throws', () => {
    throw new Error('secret detail');
  });
  r.register('hangs', () => new Promise(() => {}));
  const report = await r.report();
  expect(report.ready).toBe(false);
  expect(report.checks).toEqual({
    throws: { ok: false, reason: 'check failed' },
    hangs: { ok: false, reason: 'check timed out' },
  });
});

test('a name can be registered once', () => {
  const r = new Readiness();
  r.register('redis', () => ({ ok: true }));
  expect(() => r.register('redis', () => ({ ok: true }))).toThrow(/already/);
});

test('the drain state fails its check once started', () => {
  const drain = new DrainState();
  expect(drain.check()).toEqual({ ok: true });
  drain.start();
  expect(drain.check()).toEqual({ ok: false, reason: 'shutting down' });
});
