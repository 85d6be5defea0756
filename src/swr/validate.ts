import type { WireLong, WireSharedRepository } from './wire';

/**
 * Runtime check of a 200 body. Hand-written rather than schema-library based: it runs on every upstream
 * response (the hot path of a miss) and must report where the shape broke without echoing the body.
 */

export class ShapeError extends Error {
  constructor(readonly where: string) {
    super(`unexpected response shape at ${where}`);
    this.name = 'ShapeError';
  }
}

const LONG_FIELDS = ['size', 'num_images', 'num_download', 'total_range'] as const;
const STRING_FIELDS = [
  'name',
  'category',
  'created_at',
  'updated_at',
  'path',
  'internal_path',
  'domain_name',
  'namespace',
] as const;
/** Reserved or optional text fields: SWR sends "" and may omit them; treat missing as "". */
const OPTIONAL_STRING_FIELDS = ['description', 'logo', 'url'] as const;
const BOOLEAN_FIELDS = ['is_public', 'status'] as const;

const DIGITS = /^-?\d+$/;

function isLong(value: unknown): value is WireLong {
  return (
    (typeof value === 'number' && Number.isInteger(value)) ||
    (typeof value === 'string' && DIGITS.test(value))
  );
}

function checkItem(item: unknown, i: number): WireSharedRepository {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ShapeError(`[${i}]`);
  const o = item as Record<string, unknown>;
  for (const f of STRING_FIELDS) if (typeof o[f] !== 'string') throw new ShapeError(`[${i}].${f}`);
  for (const f of OPTIONAL_STRING_FIELDS) {
    if (o[f] === undefined || o[f] === null) o[f] = '';
    else if (typeof o[f] !== 'string') throw new ShapeError(`[${i}].${f}`);
  }
  for (const f of BOOLEAN_FIELDS) if (typeof o[f] !== 'boolean') throw new ShapeError(`[${i}].${f}`);
  for (const f of LONG_FIELDS) {
    // total_range may be absent (then Content-Range carries the total).
    if (f === 'total_range' && o[f] === undefined) continue;
    if (!isLong(o[f])) throw new ShapeError(`[${i}].${f}`);
  }
  const tags = o.tags ?? [];
  if (!Array.isArray(tags)) throw new ShapeError(`[${i}].tags`);
  for (const t of tags) if (typeof t !== 'string') throw new ShapeError(`[${i}].tags`);
  o.tags = tags;
  return o as unknown as WireSharedRepository;
}

export function checkSharedRepositories(body: unknown): WireSharedRepository[] {
  if (!Array.isArray(body)) throw new ShapeError('$');
  for (let i = 0; i < body.length; i++) checkItem(body[i], i);
  return body as WireSharedRepository[];
}

/**
 * JSON.parse loses digits of integers above 2^53. Such literals of the 64-bit fields are quoted first, so they
 * arrive as exact decimal strings. Every realistic body has none: it is parsed once and its items' 64-bit fields
 * checked; only when one of them is not a safe integer is the text rewritten and parsed again.
 */
const LONG_LITERAL = /("(?:size|num_images|num_download|total_range)"\s*:\s*)(-?\d{16,})(?=\s*[,}])/g;

function hasUnsafeLong(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    for (const field of LONG_FIELDS) {
      const v = (item as Record<string, unknown>)[field];
      if (typeof v === 'number' && !Number.isSafeInteger(v)) return true;
    }
  }
  return false;
}

export function parseJsonPreservingLongs(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!hasUnsafeLong(value)) return value;
  return JSON.parse(
    text.replace(LONG_LITERAL, (match, prefix: string, digits: string) =>
      Number.isSafeInteger(Number(digits)) ? match : `${prefix}"${digits}"`,
    ),
  );
}
