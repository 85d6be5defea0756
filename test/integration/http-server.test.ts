import { connect } from 'node:net';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { listCalls } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

let sim: Simulator;
let gw: RunningGateway;
const logs = new LogCapture();
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const config = loadConfig({
    SWR_ENDPOINT: sim.url,
    HOST: '127.0.0.1',
    PORT: '0',
    HTTP_HEADERS_TIMEOUT_MS: '500',
    HTTP_REQUEST_TIMEOUT_MS: '5000',
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '7000',
  });
  gw = await startGateway(config, createLogger('trace', logs));
});
afterAll(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

/** A token of exactly `length` characters, recognisable in any output. */
const canaryToken = (length: number) => `canary${'T'.repeat(length - 12)}canary`;

function query(token: string) {
  return fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body: JSON.stringify({ query: '{ sharedRepositories { totalCount } }' }),
  });
}

test('a 20,000-character IAM token works end to end', async () => {
  const token = canaryToken(20_000);
  const r = await query(token);
  expect(r.status).toBe(200);
  expect(
    ((await r.json()) as { data: { sharedRepositories: { totalCount: number } } }).data.sharedRepositories,
  ).toBeDefined();
  expect(listCalls(sim)[0]?.headers['x-auth-token']).toBe(token);
  expect(logs.text).not.toContain(token.slice(0, 40));
});

test('a 70,000-character token gets 431 and is not logged', async () => {
  const token = canaryToken(70_000);
  const r = await query(token);
  expect(r.status).toBe(431);
  expect(listCalls(sim)).toHaveLength(0);
  expect(logs.entries().some((e) => e.clientError === 'HPE_HEADER_OVERFLOW' && e.status === 431)).toBe(true);
  expect(logs.text).not.toMatch(/canary|TTTTTTTTTT/);
});

test('the server timeouts are set from the configuration', () => {
  expect(gw.server.headersTimeout).toBe(500);
  expect(gw.server.requestTimeout).toBe(5000);
  expect(gw.server.keepAliveTimeout).toBe(7000);
});

test('a client that never finishes its headers gets 408 and is disconnected', async () => {
  const url = new URL(gw.url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\nx-auth-token: slow');
    });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});
