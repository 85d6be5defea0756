import { KeptResults } from '../../src/execution/keptResults';

const cache = () => new KeptResults({ maxEntries: 10, maxBytes: 100_000 });

test('a result is kept from the second sighting of its key on', () => {
  const results = cache();
  expect(results.admit('k')).toBe(false);
  expect(results.admit('k')).toBe(true);
});

const result = (bytes = 100) => ({ json: Buffer.alloc(bytes), deps: [{ id: 'p', storedAt: 1 }] });

test('a result kept on its first sighting waits in the window, and moves to the main store when asked again', () => {
  const results = cache(); // 10 entries: 9 main, 1 window
  const first = result();
  results.keep('a', first);
  expect(results.size).toBe(1);
  expect(results.get('a')).toBe(first);
  // Now in the main store: one-offs churning the one-entry window cannot push it out.
  for (let i = 0; i < 20; i++) results.keep(`once-${i}`, result());
  expect(results.get('a')).toBe(first);
  expect(results.get('once-0')).toBeUndefined();
  expect(results.get('once-19')).toBeDefined();
});

test('one-offs never displace the main store, and both stores stay within the caps', () => {
  const results = new KeptResults({ maxEntries: 100, maxBytes: 10_000 });
  // Kept in the main store (seen before): 228 bytes each (100 of JSON, 64 per page, 64 per result).
  for (let i = 0; i < 9; i++) {
    results.admit(`hot-${i}`);
    results.keep(`hot-${i}`, result());
  }
  for (let i = 0; i < 1000; i++) results.keep(`cold-${i}`, result());
  for (let i = 0; i < 9; i++) expect(results.get(`hot-${i}`)).toBeDefined();
  expect(results.size).toBeLessThanOrEqual(100);
  expect(results.bytes).toBeLessThanOrEqual(10_000);
  // The window's tenth of the bytes: 1,000 bytes hold four of them.
  expect(results.size).toBe(9 + 4);
});

test('delete removes a result from either store', () => {
  const results = cache();
  results.keep('w', result());
  results.admit('m');
  results.keep('m', result());
  results.delete('w');
  results.delete('m');
  expect(results.size).toBe(0);
});
