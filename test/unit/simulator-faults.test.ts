import { hugeArrayChunks } from '../../src/simulator/faultPayloads';
import { createFaultQueue } from '../../src/simulator/faults';

describe('fault queue', () => {
  it('hands out enqueued faults first in, first out, each for its number of times', () => {
    const queue = createFaultQueue();
    queue.enqueue({ kind: 'hang' }, 2);
    queue.enqueue({ kind: 'reset' });
    expect(queue.pending()).toBe(3);
    expect([queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([
      { kind: 'hang' },
      { kind: 'hang' },
      { kind: 'reset' },
      undefined,
    ]);
    expect(queue.pending()).toBe(0);
  });

  it('applies a standing fault until cleared, after the enqueued ones', () => {
    const queue = createFaultQueue();
    queue.always({ kind: 'html' });
    queue.enqueue({ kind: 'reset' });
    expect([queue.take(), queue.take(), queue.take()]).toEqual([
      { kind: 'reset' },
      { kind: 'html' },
      { kind: 'html' },
    ]);
    queue.always(null);
    expect(queue.take()).toBeUndefined();
  });

  it('forgets everything on clear', () => {
    const queue = createFaultQueue();
    queue.always({ kind: 'html' });
    queue.enqueue({ kind: 'reset' }, 5);
    queue.clear();
    expect(queue.pending()).toBe(0);
    expect(queue.take()).toBeUndefined();
  });

  it.each([0, -1, 1.5])('refuses times=%p', (times) => {
    expect(() => createFaultQueue().enqueue({ kind: 'hang' }, times)).toThrow(RangeError);
  });
});

describe('huge body', () => {
  it.each([2, 3, 100, 600, 1_000, 70_000, 300_001])('is a JSON array of exactly %p bytes', (bytes) => {
    const text = [...hugeArrayChunks(bytes, 4096)].join('');
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(Array.isArray(JSON.parse(text))).toBe(true);
  });

  it('is produced in bounded chunks', () => {
    const sizes = [...hugeArrayChunks(1_000_000, 4096)].map((chunk) => chunk.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4096);
  });
});
