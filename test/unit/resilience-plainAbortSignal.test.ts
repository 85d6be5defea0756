import { setTimeout as sleep } from 'node:timers/promises';
import { PlainAbortSignal } from '../../src/resilience/plainAbortSignal';

test('abort runs each listener once, in order, with the reason; once-listeners are dropped, removed ones never run', () => {
  const signal = new PlainAbortSignal();
  const calls: string[] = [];
  const removed = () => calls.push('removed');
  signal.addEventListener('abort', () => calls.push(`a:${String(signal.reason)}`), { once: true });
  signal.addEventListener('abort', { handleEvent: () => calls.push('b') });
  signal.addEventListener('abort', removed);
  signal.removeEventListener('abort', removed);
  expect(signal.aborted).toBe(false);
  signal.abort('gone');
  signal.abort('again');
  expect(calls).toEqual(['a:gone', 'b']);
  expect(signal.aborted).toBe(true);
  expect(signal.reason).toBe('gone');
  expect(() => signal.throwIfAborted()).toThrow('gone');
});

test('without a reason it aborts with an AbortError, as AbortController does', () => {
  const signal = new PlainAbortSignal();
  signal.abort();
  expect(signal.reason).toBeInstanceOf(DOMException);
  expect((signal.reason as DOMException).name).toBe('AbortError');
});

test('timers/promises accepts it: a pause ends when it aborts, and a pause on an aborted one does not start', async () => {
  const signal = new PlainAbortSignal();
  const pause = sleep(10_000, undefined, { signal: signal.asAbortSignal() });
  signal.abort(new Error('stop'));
  await expect(pause).rejects.toMatchObject({ name: 'AbortError' });
  await expect(sleep(10_000, undefined, { signal: signal.asAbortSignal() })).rejects.toMatchObject({
    name: 'AbortError',
  });
});
