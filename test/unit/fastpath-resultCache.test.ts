import { ResultCache } from '../../src/fastpath/resultCache';

const cache = () => new ResultCache({ maxEntries: 10, maxBytes: 100_000 });

test('a result key tells apart owner, document, operation name and variables, and repeats for the same ones', () => {
  const results = cache();
  const key = (owner: string, query: string, name: unknown, vars: unknown) =>
    results.keyOf(owner, query, name, vars);
  const base = key('alice', '{ a }', undefined, { size: 5 });
  expect(key('alice', '{ a }', undefined, { size: 5 })).toBe(base);
  expect(key('alice', '{ a }', null, null)).toBe(key('alice', '{ a }', undefined, undefined));
  const others = [
    key('bob', '{ a }', undefined, { size: 5 }),
    key('alice', '{ b }', undefined, { size: 5 }),
    key('alice', '{ a }', 'Named', { size: 5 }),
    key('alice', '{ a }', undefined, { size: 6 }),
  ];
  expect(new Set([base, ...others]).size).toBe(5);
});

test('keys stay short whatever the variables, and large variables still tell results apart', () => {
  const results = cache();
  const big = (n: number) => ({ filter: 'x'.repeat(10_000), n });
  const a = results.keyOf('alice', '{ a }', undefined, big(1));
  const b = results.keyOf('alice', '{ a }', undefined, big(2));
  expect(a.length).toBeLessThan(120);
  expect(a).not.toBe(b);
  expect(results.keyOf('alice', '{ a }', undefined, big(1))).toBe(a);
});

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
  const results = new ResultCache({ maxEntries: 100, maxBytes: 10_000 });
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
