/**
 * The gateway's one reading of `Accept` and `Content-Type`, used by the front door and, through a yoga plugin, by
 * yoga itself: both paths give every request the same media type, status and refusal.
 */

/** The media types a single GraphQL result is sent as (GraphQL over HTTP). */
export type JsonMediaType = 'application/graphql-response+json' | 'application/json';

/** What a request accepts for a single (not streamed) result. */
export interface ResultMediaChoice {
  /** The JSON media type to answer with, when the client accepts one. */
  json: JsonMediaType | undefined;
  /** Whether it accepts anything at all the gateway can send (JSON, or a stream yoga can produce). */
  acceptable: boolean;
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  /** Position in the header: among equal weights the client's first listed wins. */
  index: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
const STREAM_TYPES = ['text/event-stream', 'multipart/mixed'];
const JSON_TYPES: readonly JsonMediaType[] = ['application/graphql-response+json', 'application/json'];

/** A parameter's value without the quotes of a quoted-string. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** `name=value` parameters, lowercased names; undefined when one is malformed. */
function parameters(parts: readonly string[]): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const name = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).trim();
    if (!TOKEN.test(name) || value === '') return undefined;
    params.set(name, unquote(value));
  }
  return params;
}

/** Only UTF-8 is produced and read: a `charset` parameter must name it. */
function charsetIsUtf8(params: Map<string, string>): boolean {
  const charset = params.get('charset');
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}

/**
 * The media ranges of an `Accept` header (RFC 9110 §12.5.1): case-insensitive, with weights; a missing or empty
 * header accepts anything. Malformed ranges and ranges asking for a charset other than UTF-8 are left out.
 */
function mediaRanges(accept: string | null | undefined): MediaRange[] {
  if (accept === null || accept === undefined || accept.trim() === '') {
    return [{ type: '*', subtype: '*', q: 1, index: 0 }];
  }
  const ranges: MediaRange[] = [];
  const items = accept.split(',');
  for (let index = 0; index < items.length; index++) {
    const [range = '', ...rest] = (items[index] as string).split(';');
    const slash = range.indexOf('/');
    const type = range.slice(0, slash).trim().toLowerCase();
    const subtype = range
      .slice(slash + 1)
      .trim()
      .toLowerCase();
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    const params = parameters(rest);
    if (params === undefined || !charsetIsUtf8(params)) continue;
    const weight = params.get('q');
    if (weight !== undefined && !QVALUE.test(weight)) continue;
    ranges.push({ type, subtype, q: weight === undefined ? 1 : Number(weight), index });
  }
  return ranges;
}

/** How specifically a range names a media type: exact 3, `type/*` 2, `*\/*` 1, not at all 0. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === '*') return 1;
  if (range.type !== type) return 0;
  if (range.subtype === '*') return 2;
  return range.subtype === subtype ? 3 : 0;
}

/** The range that decides a media type's weight: the most specific one that matches it (RFC 9110 §12.5.1). */
function decidingRange(ranges: readonly MediaRange[], mediaType: string): MediaRange | undefined {
  let best: MediaRange | undefined;
  let bestSpecificity = 0;
  for (const range of ranges) {
    const s = specificity(range, mediaType);
    if (s > bestSpecificity) {
      best = range;
      bestSpecificity = s;
    }
  }
  return best;
}

/**
 * The media type for a single result. Among the JSON types the client accepts (weight above 0), the heaviest; on
 * equal weights the one its header lists first; a wildcard alone gives `application/json`, which every client
 * understands. Streams (`text/event-stream`, `multipart/mixed`) are only chosen when no JSON type is acceptable:
 * a single result is best sent whole.
 */
export function chooseResultMediaType(accept: string | null | undefined): ResultMediaChoice {
  const ranges = mediaRanges(accept);
  let json: JsonMediaType | undefined;
  let chosen: MediaRange | undefined;
  // application/json last: when one wildcard range decides both, it wins the tie.
  for (const mediaType of JSON_TYPES) {
    const range = decidingRange(ranges, mediaType);
    if (range === undefined || range.q === 0) continue;
    if (chosen === undefined || range.q > chosen.q || (range.q === chosen.q && range.index <= chosen.index)) {
      json = mediaType;
      chosen = range;
    }
  }
  if (json !== undefined) return { json, acceptable: true };
  const stream = STREAM_TYPES.some((type) => (decidingRange(ranges, type)?.q ?? 0) > 0);
  return { json: undefined, acceptable: stream };
}

/** The request body types read as JSON: `application/json` and the legacy `application/graphql+json`. */
const JSON_BODY_TYPES = new Set(['application/json', 'application/graphql+json']);

/**
 * Whether a request body is JSON the gateway reads (RFC 9110 §8.3: type and subtype case-insensitive, parameters
 * after `;`). Only UTF-8 is read; a malformed header, another charset or another type is not JSON (yoga's other
 * parsers or a 415 follow). Some clients send a list; as yoga does, its first element counts.
 */
export function isJsonBody(contentType: string | null | undefined): boolean {
  if (contentType === null || contentType === undefined) return false;
  const comma = contentType.indexOf(',');
  const [mediaType = '', ...rest] = (comma === -1 ? contentType : contentType.slice(0, comma)).split(';');
  if (!JSON_BODY_TYPES.has(mediaType.trim().toLowerCase())) return false;
  const params = parameters(rest);
  return params !== undefined && charsetIsUtf8(params);
}
