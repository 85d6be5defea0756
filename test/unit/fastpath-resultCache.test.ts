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
