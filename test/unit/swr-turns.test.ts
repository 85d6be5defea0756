import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createConnection, createServer as createTcpServer, type Socket } from 'node:net';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { tokenCredential } from '../../src/swr/credential';
import { answerTurn } from '../../src/swr/turns';
import { createUpstream, type Upstream } from '../../src/upstream';

const listen = (server: Server | ReturnType<typeof createTcpServer>) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** Keeps the thread busy, as processing an answer does: no I/O callback can run meanwhile. */
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

/** A socket pair on loopback: what is written to `client` arrives as a 'data' event on the server side. */
async function socketPair(onData: () => void) {
  const server = createTcpServer((socket) => socket.on('data', onData));
  const port = await listen(server);
  const client: Socket = createConnection(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  return {
    client,
    close: () => {
      client.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

test('answers start in the order they asked for a turn, with I/O read between two of them', async () => {
  const events: string[] = [];
  const io = await socketPair(() => events.push('io'));
  try {
    const first = answerTurn().then(() => {
      events.push('first');
      io.client.write('x');
      busyFor(20);
    });
    const second = answerTurn().then(() => events.push('second'));
    const third = answerTurn().then(() => events.push('third'));
    await Promise.all([first, second, third]);
    // Without turns the second and third would start right after the first, before the loop polls again.
    expect(events).toEqual(['first', 'io', 'second', 'third']);
  } finally {
    await io.close();
  }
});

describe('the SWR client', () => {
  let upstream: Upstream;
  let swr: Server;
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    // An upstream that answers both calls at once, once both have arrived: their answers reach the gateway in
    // the same poll of the event loop.
    swr = createServer((_req, res) => {
      held.push(res);
      if (held.length < 2) return;
      for (const r of held.splice(0)) {
        r.writeHead(200, { 'content-type': 'application/json', 'content-range': '0-0/0' });
        r.end('[]');
      }
    });
    const port = await listen(swr);
    upstream = createUpstream(
      loadConfig({ NODE_ENV: 'test' }),
      new URL(`http://127.0.0.1:${port}`),
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await upstream.close();
    await new Promise((resolve) => swr.close(resolve));
  });

  test('processes answers that arrive together one event-loop turn apart, reading requests between them', async () => {
    const events: string[] = [];
    const io = await socketPair(() => events.push('io'));
    try {
      const credential = tokenCredential('turns-test-token');
      const page = (offset: number) =>
        upstream.client
          .listSharedRepositories(
            { center: 'self', limit: 10, offset, order_column: 'name', order_type: 'asc' },
            credential,
          )
          .then(() => {
            // Processing an answer: meanwhile a caller's next request arrives.
            events.push('answer');
            io.client.write('x');
            busyFor(20);
          });
      await Promise.all([page(0), page(10)]);
      await new Promise((resolve) => setImmediate(resolve));
      // Without turns both answers are processed in the poll that read them, and the request waits for both.
      expect(events).toEqual(['answer', 'io', 'answer', 'io']);
    } finally {
      await io.close();
    }
  });
});
