import type { CacheEntry } from '../../src/cache/entry';
import type { InvalidationMessage } from '../../src/cache/invalidationMessage';
import { Invalidations } from '../../src/cache/invalidations';
import { MemoryStore } from '../../src/cache/memoryStore';

const page = (storedAt: number): CacheEntry => ({
  storedAt,
  value: { items: [], total: 0, upstreamRequestId: undefined },
});

function setup(maxRemembered = 100) {
  const memory = new MemoryStore({ maxEntries: 100, maxBytes: 100_000, maxEntryBytes: 10_000 });
  const invalidations = new Invalidations({ replica: 'me', memory, maxRemembered });
  /** A memory copy of what Redis answered, as the page cache makes one: the ticket taken before asking. */
  const copy = (id: string, owner: string, storedAt: number) => {
    memory.set(id, owner, page(storedAt), 10, 60_000, invalidations.ticket().generation);
  };
  const vouched = (id: string) => {
    const held = memory.peek(id);
    return held !== undefined && invalidations.vouches(held.generation);
  };
  return { memory, invalidations, copy, vouched };
}

const entry = (id: string, storedAt: number, replica = 'peer'): InvalidationMessage => ({
  kind: 'entry',
  replica,
  id,
  storedAt,
});
const owner = (name: string, replica = 'peer'): InvalidationMessage => ({
  kind: 'owner',
  replica,
  owner: name,
});

describe('vouching', () => {
  test('nothing is vouched for before the subscription is established', () => {
    const { invalidations, copy, vouched } = setup();
    copy('p', 'o', 1);
    expect(vouched('p')).toBe(false);
    invalidations.subscriptionUp();
    copy('q', 'o', 1);
    expect(vouched('q')).toBe(true);
  });

  test('a copy made before the subscription came up is not vouched for after it', () => {
    const { invalidations, copy, vouched } = setup();
    copy('before', 'o', 1);
    invalidations.subscriptionUp();
    expect(vouched('before')).toBe(false);
  });

  const outages: [string, (i: Invalidations) => void, (i: Invalidations) => void][] = [
    ['the subscription', (i) => i.subscriptionDown(), (i) => i.subscriptionUp()],
    ['Redis itself', (i) => i.sharedTierDown(), (i) => i.sharedTierUp()],
  ];
  test.each(outages)(
    'while %s is down nothing is vouched for, and after it is back only new copies are',
    (_what, down, up) => {
      const { invalidations, copy, vouched } = setup();
      invalidations.subscriptionUp();
      copy('old', 'o', 1);
      down(invalidations);
      expect(vouched('old')).toBe(false);
      copy('meanwhile', 'o', 1);
      up(invalidations);
      expect([vouched('old'), vouched('meanwhile')]).toEqual([false, false]);
      copy('new', 'o', 1);
      expect(vouched('new')).toBe(true);
    },
  );

  test('a read sent before the subscription came back makes an unvouched copy', () => {
    const { memory, invalidations, vouched } = setup();
    invalidations.subscriptionUp();
    invalidations.subscriptionDown();
    const ticket = invalidations.ticket();
    invalidations.subscriptionUp();
    memory.set('p', 'o', page(1), 10, 60_000, ticket.generation);
    expect(vouched('p')).toBe(false);
  });

  test('Redis reported up while it was never down keeps the current copies vouched', () => {
    const { invalidations, copy, vouched } = setup();
    invalidations.subscriptionUp();
    copy('p', 'o', 1);
    invalidations.sharedTierUp();
    expect(vouched('p')).toBe(true);
  });
});

describe('messages', () => {
  test("another replica's newer page drops the older copy", () => {
    const { memory, invalidations, copy } = setup();
    copy('p', 'o', 100);
    invalidations.apply(entry('p', 101));
    expect(memory.peek('p')).toBeUndefined();
    expect(invalidations.received).toBe(1);
  });

  test('a page stamped earlier by a clock running behind still drops the copy: only the announced entry stays', () => {
    const { memory, invalidations, copy } = setup();
    copy('p', 'o', 100);
    invalidations.apply(entry('p', 40));
    expect(memory.peek('p')).toBeUndefined();
  });

  test('the announced entry itself (read from Redis before its message arrived) is kept', () => {
    const { memory, invalidations, copy } = setup();
    copy('p', 'o', 100);
    invalidations.apply(entry('p', 100));
    expect(memory.peek('p')?.entry.storedAt).toBe(100);
  });

  test("this replica's own messages are ignored", () => {
    const { memory, invalidations, copy } = setup();
    copy('p', 'o', 100);
    invalidations.apply(entry('p', 200, 'me'));
    invalidations.apply(owner('o', 'me'));
    expect(memory.peek('p')).toBeDefined();
    expect(invalidations.received).toBe(0);
  });

  test("a 401 on another replica drops every copy of that owner and no other's", () => {
    const { memory, invalidations, copy } = setup();
    copy('a1', 'alice', 1);
    copy('a2', 'alice', 1);
    copy('b1', 'bob', 1);
    invalidations.apply(owner('alice'));
    expect([memory.peek('a1'), memory.peek('a2')]).toEqual([undefined, undefined]);
    expect(memory.peek('b1')).toBeDefined();
  });
});

describe('reads overtaken by a message', () => {
  const key = { id: 'p', owner: 'alice' };

  test('a message about the page, applied while its read was in flight, overtakes the read', () => {
    const { invalidations } = setup();
    const ticket = invalidations.ticket();
    expect(invalidations.overtaken(key, ticket)).toBe(false);
    invalidations.apply(entry('p', 150));
    expect(invalidations.overtaken(key, ticket)).toBe(true);
    expect(invalidations.overtaken(key, invalidations.ticket())).toBe(false);
  });

  test("a 401 of the page's owner overtakes the read too", () => {
    const { invalidations } = setup();
    const ticket = invalidations.ticket();
    invalidations.apply(owner('alice'));
    expect(invalidations.overtaken(key, ticket)).toBe(true);
  });

  test('messages about other pages and owners, or sent by this replica, do not', () => {
    const { invalidations } = setup();
    const ticket = invalidations.ticket();
    invalidations.apply(entry('other', 150));
    invalidations.apply(owner('bob'));
    invalidations.apply(entry('p', 150, 'me'));
    invalidations.apply(owner('alice', 'me'));
    expect(invalidations.overtaken(key, ticket)).toBe(false);
  });

  test('a message about the page applied before the read was sent does not', () => {
    const { invalidations } = setup();
    invalidations.apply(entry('p', 150));
    const ticket = invalidations.ticket();
    invalidations.apply(entry('other', 160));
    expect(invalidations.overtaken(key, ticket)).toBe(false);
  });

  test('once messages of the read were forgotten (more than are remembered), every read in flight counts as overtaken', () => {
    const { invalidations } = setup(2);
    const ticket = invalidations.ticket();
    invalidations.apply(entry('p', 150));
    invalidations.apply(entry('q', 150));
    invalidations.apply(entry('r', 150));
    expect(invalidations.overtaken(key, ticket)).toBe(true);
    expect(invalidations.overtaken({ id: 'z', owner: 'zed' }, ticket)).toBe(true);
    expect(invalidations.overtaken(key, invalidations.ticket())).toBe(false);
  });
});
