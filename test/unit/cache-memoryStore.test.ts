import type { CacheEntry } from '../../src/cache/entry';
import { MemoryStore } from '../../src/cache/memoryStore';
import type { SharedRepository } from '../../src/swr/mapping';

const page = (name = 'x'): CacheEntry => ({
  storedAt: 1,
  value: {
    items: [{ name, tags: ['latest'] } as SharedRepository],
    total: 1,
    upstreamRequestId: undefined,
  },
});

test('the entry cap evicts the least recently used page', () => {
  const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000, maxEntryBytes: 1_000_000 });
  store.set('a', 'o', page(), 10, 60_000);
  store.set('b', 'o', page(), 10, 60_000);
  store.get('a');
  store.set('c', 'o', page(), 10, 60_000);
  expect(store.get('a')).toBeDefined();
  expect(store.get('b')).toBeUndefined();
  expect(store.size.entries).toBe(2);
});

test('the byte cap bounds the total size, keys included', () => {
  const store = new MemoryStore({ maxEntries: 1000, maxBytes: 1000, maxEntryBytes: 1000 });
  for (let i = 0; i < 10; i++) store.set(`k${i}`, 'o', page(), 298, 60_000);
  // 300 bytes each (298 + a 2-byte key): three fit.
  expect(store.size).toEqual({ entries: 3, bytes: 900 });
  expect(store.get('k9')).toBeDefined();
  expect(store.get('k0')).toBeUndefined();
});

test('a page over the entry cap is not kept', () => {
  const store = new MemoryStore({ maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 100 });
  store.set('big', 'o', page(), 200, 60_000);
  expect(store.get('big')).toBeUndefined();
});

test('dropping an owner removes only its pages', () => {
  const store = new MemoryStore({ maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 1000 });
  store.set('a1', 'alice', page('a1'), 1, 60_000);
  store.set('a2', 'alice', page('a2'), 1, 60_000);
  store.set('b1', 'bob', page('b1'), 1, 60_000);
  expect(store.dropOwner('alice')).toBe(2);
  expect([store.get('a1'), store.get('a2'), store.get('b1')?.value.items[0]?.name]).toEqual([
    undefined,
    undefined,
    'b1',
  ]);
});

test('a kept page is read-only for every reader: items, their tags and the list', () => {
  const store = new MemoryStore({ maxEntries: 10, maxBytes: 10_000, maxEntryBytes: 1000 });
  store.set('p', 'o', page('original'), 10, 60_000);
  const read = store.get('p') as CacheEntry;
  const item = read.value.items[0] as SharedRepository;
  expect(() => {
    item.name = 'changed';
  }).toThrow(TypeError);
  expect(() => item.tags.push('injected')).toThrow(TypeError);
  expect(() => read.value.items.pop()).toThrow(TypeError);
  expect(store.get('p')?.value.items[0]).toEqual({ name: 'original', tags: ['latest'] });
});
