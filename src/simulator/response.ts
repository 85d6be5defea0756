import { randomBytes } from 'node:crypto';

/** A response as data (status, headers, body), before anything touches a socket. */
export interface SimulatedResponse {
  status: number;
  /** Lower-case header names, as Node reports them on the receiving side. */
  headers: Record<string, string>;
  /** Serialized as JSON; `undefined` means an empty body. */
  body: unknown;
  /** The body already serialized, when that is cheaper than `JSON.stringify(body)`: it must be the same bytes. */
  payload?: () => Buffer;
}

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

const ID_BYTES = 16;
/** Random bytes for 256 ids at a time: one call into the CSPRNG per 256 requests rather than one each. */
let idPool = Buffer.alloc(0);
let idNext = 0;

/** APIG tags every response with a 32-hex request id; errors repeat it in their body. */
export function newRequestId(): string {
  if (idNext >= idPool.length) {
    idPool = randomBytes(ID_BYTES * 256);
    idNext = 0;
  }
  idNext += ID_BYTES;
  return idPool.toString('hex', idNext - ID_BYTES, idNext);
}

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): SimulatedResponse {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-request-id': requestId, ...extraHeaders },
    body,
  };
}
