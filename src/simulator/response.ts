import { randomBytes } from 'node:crypto';

/** A response as data (status, headers, body), before anything touches a socket. */
export interface SimulatedResponse {
  status: number;
  /** Lower-case header names, as Node reports them on the receiving side. */
  headers: Record<string, string>;
  /** Serialized as JSON; `undefined` means an empty body. */
  body: unknown;
}

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** APIG tags every response with a 32-hex request id; errors repeat it in their body. */
export function newRequestId(): string {
  return randomBytes(16).toString('hex');
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
