import { createHash } from 'node:crypto';

/**
 * Opaque, versioned cursors. A cursor names an absolute position in one query's result list; it carries a
 * fingerprint of that query (so it cannot be replayed against another) and a checksum (so an edited cursor is
 * refused instead of silently jumping elsewhere). It is not a secret: it only holds a position.
 */
const VERSION = 'v1';

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Fingerprint of everything that defines a result list (not the page size: sizes may change between pages). */
export function queryFingerprint(parts: readonly (string | undefined)[]): string {
  return digest(parts.map((p) => p ?? '').join('\u0000'), 12);
}

export function encodeCursor(position: number, fingerprint: string): string {
  const body = `${VERSION}:${position}:${fingerprint}`;
  return Buffer.from(`${body}:${digest(body, 8)}`).toString('base64url');
}

export type CursorDecode = { ok: true; position: number } | { ok: false; reason: string };

export function decodeCursor(cursor: string, fingerprint: string): CursorDecode {
  if (cursor.length === 0 || cursor.length > 128 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return { ok: false, reason: 'is not a cursor issued by this API' };
  }
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const [version, positionText, fp, check] = parts;
  if (parts.length !== 4 || version !== VERSION || positionText === undefined || check === undefined) {
    return { ok: false, reason: 'is not a cursor issued by this API' };
  }
  if (digest(`${version}:${positionText}:${fp}`, 8) !== check || !/^\d{1,10}$/.test(positionText)) {
    return { ok: false, reason: 'has been modified' };
  }
  if (fp !== fingerprint) {
    return { ok: false, reason: 'belongs to a different query (center, namespace, name or sort changed)' };
  }
  return { ok: true, position: Number(positionText) };
}
