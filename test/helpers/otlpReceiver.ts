import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** One export an OTLP/HTTP exporter posted. */
export interface OtlpExport {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  /** Empty when the receiver keeps no bodies (the bench). */
  body: Buffer;
}

export interface OtlpReceiver {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (exports arrive at /v1/traces). */
  readonly url: string;
  readonly exports: OtlpExport[];
  /** Bytes received in all exports. */
  readonly bytes: number;
  /** The first export `match` accepts, waiting up to `timeoutMs`. */
  waitFor(match: (e: OtlpExport) => boolean, timeoutMs?: number): Promise<OtlpExport>;
  close(): Promise<void>;
}

/**
 * A minimal OTLP/HTTP collector on a free port: takes every POST, answers success in the request's own encoding
 * (an empty ExportTraceServiceResponse is zero bytes of protobuf, `{}` in JSON), keeps what arrived.
 */
export async function startOtlpReceiver(options: { keepBodies?: boolean } = {}): Promise<OtlpReceiver> {
  const keepBodies = options.keepBodies ?? true;
  const exports: OtlpExport[] = [];
  let bytes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (keepBodies) chunks.push(chunk);
    });
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      exports.push({ path: req.url ?? '', contentType, headers: req.headers, body: Buffer.concat(chunks) });
      const json = contentType.includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    get bytes() {
      return bytes;
    },
    async waitFor(match, timeoutMs = 15_000) {
      for (let waited = 0; waited < timeoutMs; waited += 25) {
        const found = exports.find(match);
        if (found) return found;
        await delay(25);
      }
      throw new Error(`no matching OTLP export within ${timeoutMs} ms (${exports.length} received)`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
