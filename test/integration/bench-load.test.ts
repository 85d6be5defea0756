import { isDeepStrictEqual } from 'node:util';
import { runAutocannon } from '../../bench/autocannon';
import { loadRequests } from '../../bench/load-requests';
import type { LoadResult } from '../../bench/load-result';
import { runWrk } from '../../bench/wrk';
import { type CaptureServer, startCaptureServer } from '../helpers/captureServer';
import type { ClientRequest } from '../helpers/clients';

/**
 * The bench's load generators send exactly the requests they are given, in order: a real client's GET with its URL
 * and headers (and no body or content-length) as much as a POST with its body. A server records what arrives over
 * one connection; it answers slowly, so that a second's load is a few dozen requests, not a core's worth.
 */
let server: CaptureServer;

beforeAll(async () => {
  // Left out: the headers every HTTP client sends, whichever request it is.
  server = await startCaptureServer(['host', 'connection'], '{"data":{}}', 10);
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

/** Cold queries as urql, Apollo Client 4 and the bench's own POST, taking turns: GETs and POSTs, each distinct. */
const list = () =>
  loadRequests({
    url: server.origin,
    scenario: 'cold',
    connections: 1,
    durationSec: 1,
    token: 'load-token',
    clients: ['urql', 'apollo4', 'bench'],
  }).slice(0, 9);

/** `r` as a real client's HTTP stack sends it: a body comes with its length. */
function onTheWire(r: ClientRequest): ClientRequest {
  if (r.body === undefined) return r;
  return { ...r, headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) } };
}

async function expectSentInOrder(run: (requests: ClientRequest[]) => Promise<LoadResult>): Promise<void> {
  const requests = list();
  const result = await run(requests);
  expect(result.errors).toBe(0);
  const { received } = server;
  expect(received.length).toBeGreaterThan(requests.length);
  // wrk asks its script for one request before it connects (to check it), so its load starts one further on.
  const first = requests.findIndex((r) => isDeepStrictEqual(onTheWire(r), received[0]));
  expect(first).toBeGreaterThanOrEqual(0);
  received.forEach((r, i) => {
    expect(r).toEqual(onTheWire(requests[(first + i) % requests.length] as ClientRequest));
  });
}

test('wrk sends each listed request as it is, GETs with their URL and headers, in order', async () => {
  await expectSentInOrder((requests) => runWrk(server.origin, requests, 1, 1));
});

test('autocannon sends each listed request as it is, GETs with their URL and headers, in order', async () => {
  await expectSentInOrder((requests) => runAutocannon(server.origin, requests, 1, 1));
});
