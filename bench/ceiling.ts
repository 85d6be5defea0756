/**
 * The ceiling the bench holds the gateway's hot path to: a bare `node:http` server that answers each request it
 * knows with the bytes the gateway answered it (status, headers, body, captured by the bench), and does nothing else
 * but read the request. No gateway can answer over Node's HTTP server faster than this; "gateway / ceiling" says how
 * much of a hit's cost is the gateway's own.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CannedAnswer, requestKey } from './canned';

const answers = new Map<string, CannedAnswer>();
for (const canned of JSON.parse(readFileSync(process.env.BENCH_ANSWERS ?? '', 'utf8')) as CannedAnswer[])
  answers.set(requestKey(canned.request.method, canned.request.path, canned.request.body ?? ''), canned);
const bodies = new Map([...answers.values()].map((a) => [a, Buffer.from(a.body, 'base64')]));

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const canned = answers.get(requestKey(req.method ?? '', req.url ?? '', body));
  if (!canned) {
    res.writeHead(404, { 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(canned.status, canned.headers.flat());
  const bytes = bodies.get(canned) as Buffer;
  // As the gateway sent it: with its content-length, or chunked.
  if (canned.chunked) {
    res.write(bytes);
    res.end();
  } else res.end(bytes);
}

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => answer(req, res, body));
});
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
// A clean exit on the bench's SIGTERM (so `--cpu-prof` can write its profile).
process.on('SIGTERM', () => process.exit(0));
