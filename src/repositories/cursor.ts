import { createHash } from 'node:crypto';
import { boundedMemo } from '../support/boundedMemo';

/**
 * Opaque, versioned cursors. A cursor names an absolute position in one query's result list; it carries a
 * fingerprint of that query (so it cannot be replayed against another) and a checksum (so an edited cursor is
 * refused instead of silently jumping elsewhere). It is not a secret: it only holds a position, and anyone may
 * compute a checksum, so the checksum only needs to catch edits, not resist forgery.
 *
 * v2 (issued): a 32-bit FNV-1a checksum, made for every cursor of a page (20 per page with edges) at the cost of a
 * few string operations. v1 (still read, so cursors issued before v2 keep working): a SHA-256-based checksum.
 */
const VERSION = 'v2';
const V1 = 'v1';

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** FNV-1a over the UTF-16 code units of `text`, as 8 hex digits. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Fingerprints of recent lists: every request of a list needs its fingerprint, and a SHA-256 per request adds up. */
const fingerprintOf = boundedMemo(4096, (text) => digest(text, 12));

/** Fingerprint of everything that defines a result list (not the page size: sizes may change between pages). */
export function queryFingerprint(parts: readonly (string | undefined)[]): string {
  return fingerprintOf(parts.map((p) => p ?? '').join('\u0000'));
}

export function encodeCursor(position: number, fingerprint: string): string {
  const body = `${VERSION}:${position}:${fingerprint}`;
  return Buffer.from(`${body}:${checksum(body)}`).toString('base64url');
}

export type CursorDecode = { ok: true; position: number } | { ok: false; reason: string };

export function decodeCursor(cursor: string, fingerprint: string): CursorDecode {
  if (cursor.length === 0 || cursor.length > 128 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return { ok: false, reason: 'is not a cursor issued by this API' };
  }
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const [version, positionText, fp, check] = parts;
  if (
    parts.length !== 4 ||
    (version !== VERSION && version !== V1) ||
    positionText === undefined ||
    check === undefined
  ) {
    return { ok: false, reason: 'is not a cursor issued by this API' };
  }
  const body = `${version}:${positionText}:${fp}`;
  const expected = version === V1 ? digest(body, 8) : checksum(body);
  if (expected !== check || !/^\d{1,10}$/.test(positionText)) {
    return { ok: false, reason: 'has been modified' };
  }
  if (fp !== fingerprint) {
    return { ok: false, reason: 'belongs to a different query (center, namespace, name or sort changed)' };
  }
  return { ok: true, position: Number(positionText) };
}
