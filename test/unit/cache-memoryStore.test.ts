import { MemoryStore } from '../../src/cache/memoryStore';

const text = (bytes: number) => 'x'.repeat(bytes);

test('the entry cap evicts the least recently used page', () => {
  const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000, maxEntryBytes: 1_000_000 });
  store.set('a', 'o', text(10), 60_000);
  store.set('b', 'o', text(10), 60_000);
  store.get('a');
  store.set('c', 'o', text(10), 60_000);
  expect(store.get('a')).toBeDefined();
  expect(store.get('b')).toBeUndefined();
  expect(store.size.entries).toBe(2);
});

test('the byte cap bounds the total size, keys included', () => {
  const store = new MemoryStore({ maxEntries: 1000, maxBytes: 1000, maxEntryBytes: 1000 });
  for (let i = 0; i < 10; i++) store.set(`k${i}`, 'o', text(298), 60_000);
  // 300 bytes each (298 + a 2-byte key): three fit.
  expect(store.size).toEqual({ entries: 3, bytes: 900 });
  expect(store.get('k9')).toBeDefined();
  expect(store.get('k0')).toBeUndefined();
});

test('a page over the entry cap is not kept', () => {
  const store = new MemoryStore({ maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 100 });
  store.set('big', 'o', text(200), 60_000);
  expect(store.get('big')).toBeUndefined();
});

test('dropping an owner removes only its pages', () => {
  const store = new MemoryStore({ maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 1000 });
  store.set('a1', 'alice', 'x', 60_000);
  store.set('a2', 'alice', 'x', 60_000);
  store.set('b1', 'bob', 'x', 60_000);
  expect(store.dropOwner('alice')).toBe(2);
  expect([store.get('a1'), store.get('a2'), store.get('b1')]).toEqual([undefined, undefined, 'x']);
});
