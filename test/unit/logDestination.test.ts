import { Writable } from 'node:stream';
import { FLUSH_WAIT_MS, LogDestination } from '../../src/ops/logDestination';

/** A reader that takes each line after `delayMs`, or never (`null`), or fails every write with `error`. */
function reader(options: { delayMs?: number | null; error?: NodeJS.ErrnoException }) {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (options.error) return done(options.error);
      if (options.delayMs === null) return;
      setTimeout(() => {
        lines.push(chunk.toString('utf8'));
        done();
      }, options.delayMs ?? 0);
    },
  });
  return { out, lines };
}

const flushed = (destination: LogDestination) =>
  new Promise<number>((resolve) => {
    const started = performance.now();
    destination.flush(() => resolve(performance.now() - started));
  });

test('flush calls back once every line written before it is out', async () => {
  const { out, lines } = reader({ delayMs: 20 });
  const destination = new LogDestination(out);
  for (const n of [1, 2, 3]) destination.write(`line ${n}\n`);
  await flushed(destination);
  expect(lines.join('')).toBe('line 1\nline 2\nline 3\n');
});

test('flush gives up on a reader that does not read after FLUSH_WAIT_MS', async () => {
  const destination = new LogDestination(reader({ delayMs: null }).out);
  destination.write('line\n');
  const waited = await flushed(destination);
  expect(waited).toBeGreaterThanOrEqual(FLUSH_WAIT_MS - 5);
  expect(waited).toBeLessThan(FLUSH_WAIT_MS + 1000);
});

test('once the reader is gone (EPIPE), lines are dropped without an error and flush calls back at once', async () => {
  const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  const { out } = reader({ error: epipe });
  const destination = new LogDestination(out);
  destination.write('line 1\n');
  await new Promise((resolve) => out.once('error', resolve));
  expect(() => destination.write('line 2\n')).not.toThrow();
  expect(await flushed(destination)).toBeLessThan(FLUSH_WAIT_MS);
});
