import { cacheReport, wantsFreshAnswer } from '../../src/cache';
import { decodeEntry, encodeEntry, freshness } from '../../src/cache/entry';

test('the report names the most significant status and the oldest age', () => {
  expect(cacheReport([])).toBeUndefined();
  expect(cacheReport([{ status: 'HIT', ageMs: 5 }])).toEqual({
    status: 'HIT',
    ageMs: 5,
    pages: [{ status: 'HIT', ageMs: 5 }],
  });
  expect(
    cacheReport([
      { status: 'HIT', ageMs: 900 },
      { status: 'MISS', ageMs: 0 },
    ])?.status,
  ).toBe('MISS');
  expect(
    cacheReport([
      { status: 'MISS', ageMs: 0 },
      { status: 'STALE', ageMs: 40_000 },
      { status: 'HIT', ageMs: 10 },
    ]),
  ).toMatchObject({ status: 'STALE', ageMs: 40_000 });
});

test.each([
  [{ 'cache-control': 'no-cache' }, true],
  [{ 'cache-control': 'max-age=0, No-Cache' }, true],
  [{ pragma: 'no-cache' }, true],
  [{ 'cache-control': 'max-age=0' }, false],
  [{ 'cache-control': 'no-store' }, false],
  [{}, false],
])('fresh answer wanted for %j: %s', (headers, expected) => {
  expect(wantsFreshAnswer(new Headers(headers))).toBe(expected);
});

test('freshness windows: fresh, then revalidate, then if-error, then expired', () => {
  const policy = { ttlMs: 100, staleWhileRevalidateMs: 50, staleIfErrorMs: 200 };
  const entry = { storedAt: 1000, value: { items: [], total: 0, upstreamRequestId: undefined } };
  expect([1000, 1099, 1100, 1149, 1150, 1299, 1300].map((now) => freshness(entry, now, policy))).toEqual([
    'fresh',
    'fresh',
    'revalidate',
    'revalidate',
    'if-error',
    'if-error',
    'expired',
  ]);
});

test('entries round-trip, and foreign data in a shared Redis reads as a miss', () => {
  const entry = { storedAt: 5, value: { items: [], total: 3, upstreamRequestId: 'r' } };
  expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
  expect(decodeEntry('not json')).toBeUndefined();
  expect(decodeEntry('{"t":"x","r":{"items":[]}}')).toBeUndefined();
  expect(decodeEntry('{"t":1,"r":{}}')).toBeUndefined();
});
