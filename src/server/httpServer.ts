import { createServer, type RequestListener, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** How often Node checks request/headers timeouts; its 30 s default would let a slow client overstay. */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

function statusFor(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * The Node HTTP server with the gateway's limits: header size (IAM tokens are long), request/headers
 * timeouts (slowloris) and keep-alive (longer than the load balancer's). Malformed, oversized or slow
 * requests are answered and logged by code only: Node's error carries the raw request bytes, token included.
 */
export function createHttpServer(http: Config['http'], handler: RequestListener, logger: Logger): Server {
  const server = createServer(
    {
      maxHeaderSize: http.maxHeaderBytes,
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    handler,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusFor(error.code);
    logger.warn({ clientError: error.code ?? 'unknown', status }, 'refused a malformed or oversized request');
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  });
  return server;
}
