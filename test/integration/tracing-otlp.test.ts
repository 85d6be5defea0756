import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../src/simulator';
import { type OtlpExport, type OtlpReceiver, startOtlpReceiver } from '../helpers/otlpReceiver';
import { gatewayUrl, ROOT, type RunningProcess, runEntry } from '../helpers/process';

/**
 * End to end: `src/main.ts` (what `npm start` runs, minus the build) with the standard OpenTelemetry variables
 * sends its spans over OTLP/HTTP to a collector, in either encoding, and sends the last ones when it stops.
 */
const MAIN = join(ROOT, 'src', 'main.ts');
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_TOKEN = 'CANARY-OTLP-CALLER-9f1e3d5b';
const QUERY = 'query Page { sharedRepositories(page: { size: 2 }) { totalCount } }';

let sim: Simulator;
let receiver: OtlpReceiver;
let run: RunningProcess | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  receiver = await startOtlpReceiver();
});
afterEach(() => run?.kill());
afterAll(async () => {
  await receiver.close();
  await sim.close();
});

async function startTraced(env: Record<string, string>): Promise<string> {
  run = runEntry(MAIN, {
    SWR_ENDPOINT: sim.url,
    PORT: '0',
    HOST: '127.0.0.1',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector-key-1',
    ...env,
  });
  return gatewayUrl(run);
}

async function ask(url: string): Promise<void> {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-token': CALLER_TOKEN,
      traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01`,
    },
    body: JSON.stringify({ query: QUERY }),
  });
  expect(r.status).toBe(200);
}

const ofTrace = (e: OtlpExport) => e.body.includes(TRACE_ID) || e.body.includes(Buffer.from(TRACE_ID, 'hex'));

interface JsonExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { name: string; traceId: string }[] }[];
  }[];
}

test('http/protobuf (the default): the spans arrive when the gateway stops, before it exits 0', async () => {
  // A schedule far beyond the test: only the stop's flush can send them.
  const url = await startTraced({ OTEL_SERVICE_NAME: 'gateway-protobuf', OTEL_BSP_SCHEDULE_DELAY: '600000' });
  await ask(url);
  run?.child.kill('SIGTERM');
  expect(await run?.exited).toBe(0);
  const sent = await receiver.waitFor(ofTrace, 1000);
  expect(sent.path).toBe('/v1/traces');
  expect(sent.contentType).toBe('application/x-protobuf');
  expect(sent.headers['x-collector-key']).toBe('collector-key-1');
  for (const text of ['gateway-protobuf', 'POST /graphql', 'query Page', 'page lookup'])
    expect(sent.body.includes(text)).toBe(true);
  expect(sent.body.includes(CALLER_TOKEN)).toBe(false);
}, 40_000);

test('http/json: the spans of a request arrive while the gateway runs', async () => {
  const url = await startTraced({
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'gateway-json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await ask(url);
  const sent = await receiver.waitFor((e) => e.contentType === 'application/json' && ofTrace(e));
  expect(sent.path).toBe('/v1/traces');
  const body = JSON.parse(sent.body.toString('utf8')) as JsonExport;
  const [resourceSpans] = body.resourceSpans;
  expect(resourceSpans?.resource.attributes).toContainEqual({
    key: 'service.name',
    value: { stringValue: 'gateway-json' },
  });
  const spans = resourceSpans?.scopeSpans.flatMap((s) => s.spans) ?? [];
  expect(spans.every((s) => s.traceId === TRACE_ID)).toBe(true);
  expect(spans.map((s) => s.name)).toEqual(
    expect.arrayContaining(['POST /graphql', 'query Page', 'page lookup', 'GET']),
  );
  expect(sent.body.includes(CALLER_TOKEN)).toBe(false);
  run?.child.kill('SIGTERM');
  expect(await run?.exited).toBe(0);
}, 40_000);

test('a collector that never answers does not hold up the stop: the gateway still exits 0 promptly', async () => {
  // Takes connections and never answers on them.
  const held = new Set<Socket>();
  const hung = createServer((socket) => held.add(socket));
  hung.listen(0, '127.0.0.1');
  await once(hung, 'listening');
  try {
    const { port } = hung.address() as AddressInfo;
    const url = await startTraced({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    await ask(url);
    const stopping = performance.now();
    run?.child.kill('SIGTERM');
    expect(await run?.exited).toBe(0);
    // The drain (no delay, nothing in flight) and the traces' share of the close margin.
    expect(performance.now() - stopping).toBeLessThan(3000);
  } finally {
    // It never answered: cut what it holds, then wait for it to close.
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  }
}, 40_000);
