import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { requestText } from '../../src/swr/requestText';

let server: Server;
let pool: Pool;
let origin: string;
let requests = 0;
/** Sockets the server saw close: a body given up must close its connection, not leave it to finish. */
let closedSockets = 0;
const routes = new Map<string, (res: ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    routes.get(req.url ?? '')?.(res);
  });
  server.on('connection', (socket) => socket.on('close', () => closedSockets++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pool = new Pool(origin, { connections: 4 });
});

afterAll(async () => {
  await pool.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const get = (path: string, maxBytes = 1024, signal?: AbortSignal) =>
  requestText(pool, { origin, path, method: 'GET', headers: {}, signal }, maxBytes);

test('a body in several chunks is decoded whole, a character split between chunks included', async () => {
  const text = '镜像仓库'.repeat(10);
  const bytes = Buffer.from(text);
  routes.set('/chunks', (res) => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
    res.write(bytes.subarray(0, 7)); // inside a 3-byte character
    setTimeout(() => res.end(bytes.subarray(7)), 5);
  });
  const answer = await get('/chunks');
  expect(answer).toMatchObject({ statusCode: 201, body: text });
  expect(answer.headers['x-request-id']).toBe('r-1');
});

test('a declared length past the cap is refused before the body is read, and the connection closed', async () => {
  routes.set('/declared', (res) => {
    res.writeHead(200, { 'content-length': '2048' });
    res.write('x'.repeat(100)); // the rest never comes: only closing the connection ends this request
  });
  const closed = closedSockets;
  await expect(get('/declared')).rejects.toMatchObject({ failure: 'too_large' });
  await waitFor(() => closedSockets > closed);
});

test('a body that grows past the cap while it arrives is given up at the cap', async () => {
  routes.set('/streamed', (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no length declared
    const timer = setInterval(() => res.write('y'.repeat(300)), 2);
    res.on('close', () => clearInterval(timer));
  });
  const closed = closedSockets;
  await expect(get('/streamed')).rejects.toMatchObject({
    failure: 'too_large',
    message: 'upstream body exceeds the 1024-byte cap',
  });
  await waitFor(() => closedSockets > closed);
});

test('aborting while the body arrives rejects with the signal reason and closes the connection', async () => {
  routes.set('/slow', (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
  });
  const controller = new AbortController();
  const closed = closedSockets;
  const pending = get('/slow', 1024, controller.signal);
  await waitFor(() => requests > 0);
  setTimeout(() => controller.abort(new Error('caller left')), 20);
  await expect(pending).rejects.toThrow('caller left');
  await waitFor(() => closedSockets > closed);
});

test('an aborted signal sends nothing', async () => {
  const before = requests;
  await expect(get('/chunks', 1024, AbortSignal.abort(new Error('already gone')))).rejects.toThrow(
    'already gone',
  );
  await new Promise((r) => setTimeout(r, 20));
  expect(requests).toBe(before);
});

test('transport failures reject with the transport error', async () => {
  const closedPool = new Pool('http://127.0.0.1:1');
  await expect(
    requestText(closedPool, { origin: 'http://127.0.0.1:1', path: '/', method: 'GET' }, 1024),
  ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  await closedPool.destroy();
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
