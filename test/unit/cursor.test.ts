import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../src/repositories/cursor';
import { planWindow } from '../../src/repositories/window';

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

test('cursors issued before v2 (SHA-256 checksum) are still read, and edits to them still refused', () => {
  // A v1 cursor as the gateway issued it: base64url of "v1:<position>:<fingerprint>:<sha256(body)[0..8]>".
  const v1 = (position: number, check?: string) => {
    const body = `v1:${position}:${fp}`;
    const sum = check ?? createHash('sha256').update(body).digest('hex').slice(0, 8);
    return Buffer.from(`${body}:${sum}`).toString('base64url');
  };
  expect(decodeCursor(v1(40), fp)).toEqual({ ok: true, position: 40 });
  const edited = Buffer.from(Buffer.from(v1(40), 'base64url').toString().replace(':40:', ':41:')).toString(
    'base64url',
  );
  expect(decodeCursor(edited, fp)).toEqual({ ok: false, reason: 'has been modified' });
  expect(Buffer.from(encodeCursor(40, fp), 'base64url').toString()).toMatch(/^v2:40:/);
});

test('a cursor of another query is refused', () => {
  const other = queryFingerprint(['self', 'ns', undefined, 'name', 'desc']);
  expect(decodeCursor(encodeCursor(1, other), fp).ok).toBe(false);
});

test('fingerprints separate undefined from empty neighbours', () => {
  expect(queryFingerprint(['a', undefined, 'b'])).not.toBe(queryFingerprint(['a', 'b', undefined]));
});

test("a fingerprint is the same SHA-256 prefix whether remembered or made afresh, past the memo's bound too", () => {
  const sha = (parts: string[]) =>
    createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 12);
  const parts = ['self', 'ns', 'name', 'updated_at', 'desc'];
  expect(queryFingerprint(parts)).toBe(sha(parts));
  expect(queryFingerprint(parts)).toBe(sha(parts));
  // More distinct lists than the memo holds: each still gets its own digest, and the first one its old value.
  for (let i = 0; i < 5000; i++) expect(queryFingerprint(['self', `n${i}`])).toBe(sha(['self', `n${i}`]));
  expect(queryFingerprint(parts)).toBe(sha(parts));
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
