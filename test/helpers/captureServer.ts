import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientRequest } from './clients';

/** A server that records every request it gets and answers each with the same JSON, after `delayMs`. */
export interface CaptureServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The requests so far, in order of arrival, without the headers the server was told to leave out. */
  received: ClientRequest[];
  close(): Promise<void>;
}

export async function startCaptureServer(
  leaveOut: readonly string[],
  answer: string,
  delayMs = 0,
): Promise<CaptureServer> {
  const received: ClientRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (!leaveOut.includes(name)) headers[name] = String(value);
      const method = req.method as ClientRequest['method'];
      received.push({ method, path: req.url ?? '', headers, ...(body === '' ? {} : { body }) });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer);
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
