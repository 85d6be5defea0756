import { decodeCursor, encodeCursor, queryFingerprint } from '../../src/paging/cursor';
import { planWindow } from '../../src/paging/window';

const fp = queryFingerprint(['self', 'ns', undefined, 'name', 'asc']);

test('a cursor round-trips its position', () => {
  expect(decodeCursor(encodeCursor(42, fp), fp)).toEqual({ ok: true, position: 42 });
});

test('a cursor with an edited position is refused as modified', () => {
  const raw = Buffer.from(encodeCursor(42, fp), 'base64url').toString().replace(':42:', ':43:');
  expect(decodeCursor(Buffer.from(raw).toString('base64url'), fp)).toEqual({
    ok: false,
    reason: 'has been modified',
  });
});

test('a cursor of another query is refused', () => {
  const other = queryFingerprint(['self', 'ns', undefined, 'name', 'desc']);
  expect(decodeCursor(encodeCursor(1, other), fp).ok).toBe(false);
});

test('fingerprints separate undefined from empty neighbours', () => {
  expect(queryFingerprint(['a', undefined, 'b'])).not.toBe(queryFingerprint(['a', 'b', undefined]));
});

test('an aligned window is one page', () => {
  expect(planWindow(20, 10)).toEqual({ pages: [{ offset: 20, limit: 10 }], skip: 0 });
});

test('a misaligned window spans two aligned pages', () => {
  expect(planWindow(5, 4)).toEqual({
    pages: [
      { offset: 4, limit: 4 },
      { offset: 8, limit: 4 },
    ],
    skip: 1,
  });
});
