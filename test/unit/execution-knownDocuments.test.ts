import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ENTRY_OVERHEAD_BYTES, KnownDocuments } from '../../src/execution/knownDocuments';

/** Fixed fingerprint keys: each test is repeatable, and the scenarios below hold for several of them. */
const keyOf = (seed: string) => createHash('sha256').update(seed).digest();
const KEYS = ['a', 'b', 'c', 'd', 'e'].map(keyOf);

const table = (maxDocuments: number, maxBytes = 64 * 1024 * 1024, fingerprintKey = KEYS[0]) =>
  new KnownDocuments<string>({ maxDocuments, maxBytes, ...(fingerprintKey && { fingerprintKey }) });

const doc = (n: number) => `query Q${n} { sharedRepositories(first: ${n}) { name } }`;

/**
 * A request for a document as the front door makes it: a lookup (the request's one sighting), and on a miss yoga
 * runs it and offers it.
 */
function request(documents: KnownDocuments<string>, query: string, name?: string | null) {
  return documents.lookup(query, name) ?? documents.offer(query, name, `value of ${query}`, 0);
}

test('an empty operation name is a name of its own, never the same as an absent one', () => {
  const documents = table(10);
  const unnamed = documents.offer('{ a }', undefined, 'unnamed', 0);
  expect(documents.lookup('{ a }', '')).toBeUndefined();
  const empty = documents.offer('{ a }', '', 'empty', 0);
  expect(empty?.id).not.toBe(unnamed?.id);
  expect(documents.lookup('{ a }', '')?.value).toBe('empty');
  expect(documents.lookup('{ a }', undefined)?.value).toBe('unnamed');
  // null is "absent" too, as JSON bodies send it.
  expect(documents.lookup('{ a }', null)?.value).toBe('unnamed');
  expect(documents.size).toBe(2);
});

test('a text cannot pose as a named operation of another document, nor the other way round', () => {
  const documents = table(10);
  const text = 'query N { a } query M { b }';
  documents.offer(text, 'N', 'N of the document', 0);
  expect(documents.lookup(`N\u0000${text}`, undefined)).toBeUndefined();
  expect(documents.lookup(`N\u0000${text}`, null)).toBeUndefined();
  expect(documents.lookup(text, undefined)).toBeUndefined();
  expect(documents.lookup(text, 'M')).toBeUndefined();
  const posing = documents.offer(`N\u0000${text}`, undefined, 'posing', 0);
  expect(documents.lookup(text, 'N')?.value).toBe('N of the document');
  expect(documents.lookup(`N\u0000${text}`, undefined)).toBe(posing);
});

test('a document is found exactly under the identity it was offered with (property)', () => {
  // Any UTF-16 text, separators and lone surrogates included.
  const text = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
  const identity = fc.record({
    query: fc.oneof(text, fc.constantFrom('', '\u0000', 'N\u0000')),
    name: fc.option(text),
  });
  fc.assert(
    fc.property(fc.array(identity, { maxLength: 30 }), identity, (offered, probe) => {
      const documents = table(100);
      const same = (a: { query: string; name: string | null }, b: typeof a) =>
        a.query === b.query && a.name === b.name;
      for (const [i, { query, name }] of offered.entries()) {
        if (!offered.slice(0, i).some((o) => same(o, offered[i]!))) documents.offer(query, name, `${i}`, 0);
      }
      const first = offered.findIndex((o) => same(o, probe));
      expect(documents.lookup(probe.query, probe.name)?.value).toBe(first === -1 ? undefined : `${first}`);
    }),
  );
});

test('offering a document already held answers the held one, whose value stays', () => {
  const documents = table(10);
  const held = documents.offer('{ a }', 'A', 'first', 10);
  const bytes = documents.bytes;
  expect(documents.offer('{ a }', 'A', 'second', 10)).toBe(held);
  expect(documents.lookup('{ a }', 'A')?.value).toBe('first');
  expect(documents.bytes).toBe(bytes);
});

test('lookups of unknown texts leave nothing behind in the table', () => {
  const documents = table(10);
  let found = 0;
  for (let i = 0; i < 10_000; i++) if (documents.lookup(doc(i), i % 2 ? 'Q' : undefined)) found++;
  expect(found).toBe(0);
  expect(documents.size).toBe(0);
  expect(documents.bytes).toBe(0);
});

test('the count cap holds: a document asked for more often takes the place of the least recently used', () => {
  const documents = table(3);
  for (const n of [1, 2, 3]) request(documents, doc(n));
  // A fourth document seen as often as those held is refused; asked for twice more, it outweighs the oldest.
  expect(request(documents, doc(4))).toBeUndefined();
  expect(request(documents, doc(4))).toBeUndefined();
  const fourth = request(documents, doc(4));
  expect(fourth).toBeDefined();
  expect(documents.size).toBe(3);
  expect(documents.peek(doc(1), undefined)).toBeUndefined();
  for (const n of [2, 3, 4]) expect(documents.peek(doc(n), undefined)).toBeDefined();
});

test('the byte cap holds: text, value bytes and overhead are charged, and a big document pushes out several', () => {
  const entry = (query: string, valueBytes: number) => ENTRY_OVERHEAD_BYTES + query.length + valueBytes;
  const max = 3 * entry(doc(1), 1000);
  const documents = table(100, max);
  for (const n of [1, 2, 3]) documents.offer(doc(n), undefined, `v${n}`, 1000);
  expect(documents.bytes).toBe(max);
  expect(documents.size).toBe(3);
  // Needing two entries' room, a big document gets in once seen more often than both it would push out.
  const big = 'B'.repeat(doc(1).length);
  const askBig = () => documents.lookup(big, undefined) ?? documents.offer(big, undefined, 'big', 2000);
  expect(askBig()).toBeUndefined();
  expect(askBig()).toBeUndefined();
  expect(documents.size).toBe(3);
  expect(askBig()).toBeDefined();
  expect(documents.size).toBe(2);
  expect(documents.bytes).toBe(entry(big, 2000) + entry(doc(3), 1000));
  expect(documents.peek(doc(3), undefined)).toBeDefined();
  // A document larger than the whole cap is never held, however often it is offered.
  for (let i = 0; i < 20; i++) expect(documents.offer('{ huge }', undefined, 'huge', max)).toBeUndefined();
  expect(documents.bytes).toBeLessThanOrEqual(max);
});

test.each(KEYS.map((key, i) => [i, key]))(
  'a document asked for in one or two requests pushes nothing out, not even entries that aged to nothing (key %i)',
  (_, key) => {
    // A table of two halves its sketch every 20 sightings: the flood below ages both entries many times over.
    const documents = table(2, undefined, key);
    request(documents, doc(1));
    request(documents, doc(2));
    for (let j = 0; j < 1000; j++) {
      expect(request(documents, `{ junk${j}: __typename }`)).toBeUndefined();
      if (j % 2 === 0) expect(request(documents, `{ junk${j}: __typename }`)).toBeUndefined();
    }
    expect(documents.peek(doc(1), undefined)).toBeDefined();
    expect(documents.peek(doc(2), undefined)).toBeDefined();
    // Asked for a third time, a document does push out the least recently used.
    for (let i = 0; i < 2; i++) expect(request(documents, doc(3))).toBeUndefined();
    expect(request(documents, doc(3))).toBeDefined();
    expect(documents.peek(doc(1), undefined)).toBeUndefined();
  },
);

test('a document is not admitted over one that is used as often, and nothing is evicted for it', () => {
  const entryBytes = ENTRY_OVERHEAD_BYTES + doc(1).length;
  const documents = table(100, 2 * entryBytes);
  request(documents, doc(1));
  for (let i = 0; i < 5; i++) request(documents, doc(2)); // seen often: outweighs any newcomer below
  // Needs both entries' room: asked for four times it outweighs doc(1), never doc(2), so neither goes.
  const wide = `${doc(3)}${' '.repeat(entryBytes)}`;
  for (let i = 0; i < 4; i++) expect(request(documents, wide)).toBeUndefined();
  expect(documents.size).toBe(2);
  expect(documents.peek(doc(1), undefined)).toBeDefined();
});

test('peeking neither counts a sighting nor makes a document recently used', () => {
  const documents = table(2);
  request(documents, doc(1));
  request(documents, doc(2));
  for (let i = 0; i < 10; i++) expect(documents.peek(doc(1), undefined)).toBeDefined();
  expect(request(documents, doc(3))).toBeUndefined();
  expect(request(documents, doc(3))).toBeUndefined();
  // doc(1), still least recently used and seen less often than doc(3) now is, makes way.
  expect(request(documents, doc(3))).toBeDefined();
  expect(documents.peek(doc(1), undefined)).toBeUndefined();
  expect(documents.peek(doc(2), undefined)).toBeDefined();
});

test.each(KEYS.map((key, i) => [i, key]))(
  '1,000 documents in use stay held and found after 2,000 distinct documents each offered once (key %i)',
  (_, key) => {
    const documents = table(1000, 64 * 1024 * 1024, key);
    const ids = new Map<number, number>();
    for (let n = 0; n < 1000; n++) ids.set(n, request(documents, doc(n))!.id);
    // Used repeatedly: each found twice more.
    for (let round = 0; round < 2; round++) for (let n = 0; n < 1000; n++) request(documents, doc(n));
    // Junk: each distinct text looked up, run by yoga and offered, once.
    let junkAdmitted = 0;
    for (let j = 0; j < 2000; j++) if (request(documents, `{ junk${j}: __typename }`)) junkAdmitted++;
    expect(junkAdmitted).toBe(0);
    expect(documents.size).toBe(1000);
    let lost = 0;
    for (let n = 0; n < 1000; n++) if (documents.lookup(doc(n), undefined)?.id !== ids.get(n)) lost++;
    expect(lost).toBe(0);
  },
);

test('a new document that becomes popular gets in over documents in use, within a few requests', () => {
  const documents = table(1000);
  for (let round = 0; round < 3; round++) for (let n = 0; n < 1000; n++) request(documents, doc(n));
  const popular = 'query Popular { sharedRepositories { name } }';
  let requests = 0;
  let admitted: ReturnType<typeof request>;
  do {
    admitted = request(documents, popular, 'Popular');
    requests++;
  } while (admitted === undefined && requests < 10);
  expect(admitted).toBeDefined();
  // One request more than each document in use had.
  expect(requests).toBeLessThanOrEqual(4);
  expect(documents.size).toBe(1000);
  expect(documents.lookup(popular, 'Popular')).toBe(admitted);
  // Out went the least recently used document.
  expect(documents.peek(doc(0), undefined)).toBeUndefined();
});

test('ids are never reused, not even for a document evicted and admitted again', () => {
  const documents = table(2);
  const admitted: number[] = [];
  const idsOfFirst: number[] = [];
  // Five documents taking turns in a table of two: each is asked for until admitted, pushing another out.
  for (let n = 0; n < 30; n++) {
    const query = doc(n % 5);
    if (documents.peek(query, undefined)) continue;
    let held: ReturnType<typeof request>;
    for (let i = 0; i < 20 && held === undefined; i++) held = request(documents, query);
    admitted.push(held!.id);
    if (n % 5 === 0) idsOfFirst.push(held!.id);
  }
  expect(new Set(admitted).size).toBe(admitted.length);
  expect(idsOfFirst.length).toBeGreaterThan(1);
});

test('options out of range are refused at construction', () => {
  expect(() => new KnownDocuments({ maxDocuments: 0, maxBytes: 1 })).toThrow(RangeError);
  expect(() => new KnownDocuments({ maxDocuments: 1.5, maxBytes: 1 })).toThrow(RangeError);
  expect(() => new KnownDocuments({ maxDocuments: 1, maxBytes: 0 })).toThrow(RangeError);
  expect(() => table(1).offer('{ a }', undefined, 'v', Number.NaN)).toThrow(RangeError);
});
