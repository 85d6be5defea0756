/**
 * A target's answer to one request, kept as bytes: what the bench captures from the gateway and the ceiling
 * (`bench/ceiling.ts`) answers again. Headers Node's HTTP server writes by itself (date, connection, keep-alive,
 * transfer-encoding) are left out of the capture: the ceiling's server writes them as the gateway's did.
 */
import { request as httpRequest } from 'node:http';
import type { ClientRequest } from '../test/helpers/clients';

export interface CannedAnswer {
  request: ClientRequest;
  status: number;
  /** In the order the gateway sent them, as sent (names' case included). */
  headers: [string, string][];
  /** Whether the gateway sent the body chunked (no content-length). */
  chunked: boolean;
  /** The body, base64. */
  body: string;
}

const NODE_WRITES = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** The key a request is answered under: its method, path and body. */
export function requestKey(method: string, path: string, body: string): string {
  return JSON.stringify([method, path, body]);
}

/** `request` sent to the target at `origin`, and its answer as bytes. */
export function captureAnswer(origin: string, request: ClientRequest): Promise<CannedAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${origin}${request.path}`,
      { method: request.method, headers: request.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers: [string, string][] = [];
          const raw = res.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i] as string;
            if (!NODE_WRITES.has(name.toLowerCase())) headers.push([name, raw[i + 1] as string]);
          }
          resolve({
            request,
            status: res.statusCode ?? 0,
            headers,
            chunked: res.headers['transfer-encoding'] === 'chunked',
            body: Buffer.concat(chunks).toString('base64'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
