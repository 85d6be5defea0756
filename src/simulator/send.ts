import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { SimulatedResponse } from './response';

/** `undefined` is an empty body; strings and buffers go out as they are; anything else as JSON. */
export function serializeBody(body: unknown): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Header names compared case-insensitively, so a caller's `Content-Type` replaces ours. */
export function mergeHeaders(...sources: Record<string, string>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) merged[name.toLowerCase()] = value;
  }
  return merged;
}

export function sendPayload(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: Buffer,
): void {
  res.writeHead(status, mergeHeaders(headers, { 'content-length': String(payload.length) }));
  res.end(payload);
}

/** The bytes of a response's body. */
export function payloadOf(response: SimulatedResponse): Buffer {
  return response.payload?.() ?? serializeBody(response.body);
}

export function sendResponse(res: ServerResponse, response: SimulatedResponse): void {
  sendPayload(res, response.status, response.headers, payloadOf(response));
}

/** Respect backpressure: a client that stops reading must not make the simulator buffer the rest. */
export async function writeChunk(
  res: ServerResponse,
  chunk: string | Buffer,
  signal: AbortSignal,
): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain', { signal });
}
