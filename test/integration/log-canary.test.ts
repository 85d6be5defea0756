import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import { type Fault, type Simulator, startSimulator } from '../../src/simulator';
import { LogCapture } from '../helpers/logs';

/** A token nothing else contains: if it shows up in any log line, a credential leaked. */
const CANARY = 'CANARYc4n4ryT0k3n';
const canaryOf = (length: number) => `${CANARY}${'k'.repeat(Math.max(0, length - CANARY.length))}`;

const logs = new LogCapture();
let sim: Simulator;
let gw: RunningGateway;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, logger: createLogger('trace', logs) });
  const config = loadConfig({
    SWR_ENDPOINT: sim.url,
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    UPSTREAM_HEADERS_TIMEOUT_MS: '300',
    UPSTREAM_BODY_TIMEOUT_MS: '300',
  });
  gw = await startGateway(config, createLogger('trace', logs));
});
afterAll(async () => {
  await gw.close();
  await sim.close();
});

async function post(body: unknown, headers: Record<string, string>) {
  const r = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await r.arrayBuffer();
  return r.status;
}

const LIST = '{ sharedRepositories(page: { size: 3 }) { totalCount pageInfo { endCursor } nodes { name } } }';
const FAULTS: Fault[] = [
  { kind: 'emptyUnauthorized' },
  {
    kind: 'respond',
    status: 401,
    body: { error_code: 'APIG.0301', error_msg: `Incorrect IAM authentication information: ${CANARY}` },
  },
  { kind: 'serverError' },
  { kind: 'throttled', code: 'APIG.0308' },
  { kind: 'retryAfter', status: 503, seconds: 1 },
  { kind: 'malformedJson' },
  { kind: 'html' },
  { kind: 'wrongShape' },
  { kind: 'redirect', location: 'https://elsewhere.example.com/steal' },
  { kind: 'reset' },
  { kind: 'hang' },
  { kind: 'hugeBody', bytes: 5 * 1024 * 1024 },
];

test('the suite’s traffic, with a canary token, leaves no trace of the token in any log line', async () => {
  const token = { 'x-auth-token': canaryOf(64) };
  const bearer = { authorization: `Bearer ${canaryOf(64)}` };
  // Successes: plain, Bearer, paging, GET.
  expect(await post({ query: LIST }, token)).toBe(200);
  expect(await post({ query: LIST }, bearer)).toBe(200);
  expect(
    await post({ query: '{ sharedRepositories(page: { size: 2, number: 3 }) { nodes { name } } }' }, token),
  ).toBe(200);
  const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent(LIST)}`, {
    headers: { ...token, 'x-graphql-csrf': '1' },
  });
  expect(get.status).toBe(200);
  // Upstream failures of every kind.
  for (const fault of FAULTS) {
    sim.faults.enqueue(fault);
    expect(await post({ query: LIST }, token)).toBe(200);
  }
  // No token, invalid input, refusals before execution.
  expect(await post({ query: LIST }, {})).toBe(200);
  expect(await post({ query: '{ sharedRepositories(namespace: "-x-") { totalCount } }' }, token)).toBe(200);
  expect(
    await post({ query: '{ sharedRepositories(page: { after: "forged" }) { totalCount } }' }, token),
  ).toBe(200);
  expect(await post({ query: `{ sharedRepositories { ${'a: totalCount '.repeat(30)} } }` }, token)).toBe(200);
  expect(await post({ query: '{ sharedRepositories(page: { size: 100000 }) { totalCount } }' }, token)).toBe(
    200,
  );
  expect(await post('{"query":', token)).toBe(400);
  expect(await post({ query: `{ __typename } #${'x'.repeat(70_000)}` }, token)).toBe(413);
  expect(await post([{ query: LIST }], token)).toBe(400);
  // Oversize tokens: 20,000 characters work, 70,000 are refused by the HTTP server.
  expect(await post({ query: LIST }, { 'x-auth-token': canaryOf(20_000) })).toBe(200);
  expect(await post({ query: LIST }, { 'x-auth-token': canaryOf(70_000) })).toBe(431);

  expect(logs.lines.length).toBeGreaterThan(40);
  const leaking = logs.lines.filter((line) => line.includes(CANARY));
  expect(leaking).toEqual([]);
  // The gateway did see (and forward) the token: the absence above is redaction, not a missing request.
  expect(sim.requests.some((r) => String(r.headers['x-auth-token']).startsWith(CANARY))).toBe(true);
});
