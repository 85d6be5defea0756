import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { type Simulator, startSimulator } from '../../src/simulator';
import { listCalls } from '../helpers/harness';
import { gatewayUrl, type RunningProcess, runEntry } from '../helpers/process';

const CANARY = 'canary-shutdown-token-5f1c2a';
const QUERY = JSON.stringify({ query: '{ sharedRepositories { totalCount } }' });

let sim: Simulator;
const processes: RunningProcess[] = [];
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  for (const p of processes) p.kill();
  await sim.close();
});
beforeEach(() => sim.reset());

function startGateway(env: Record<string, string>): RunningProcess {
  const p = runEntry('src/main.ts', {
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    SWR_ENDPOINT: sim.url,
    ...env,
  });
  processes.push(p);
  return p;
}

function query(url: string) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': CANARY },
    body: QUERY,
  });
}

async function untilUpstreamCalled(): Promise<void> {
  while (listCalls(sim).length === 0) await new Promise((r) => setTimeout(r, 20));
}

test('SIGTERM: not ready, stops accepting, finishes the in-flight request, exits 0', async () => {
  sim.setOptions({ latencyMs: 3000 });
  const gw = startGateway({ SHUTDOWN_DELAY_MS: '500', SHUTDOWN_GRACE_MS: '15000' });
  const url = await gatewayUrl(gw);
  const inFlight = query(url).then(
    async (r) => ({
      status: r.status,
      connection: r.headers.get('connection'),
      body: await r.text(),
      at: Date.now(),
    }),
    (error: unknown) => ({ status: 0, connection: null, body: String(error), at: Date.now() }),
  );
  await untilUpstreamCalled();
  gw.child.kill('SIGTERM');
  await gw.waitForLog((e) => e.signal === 'SIGTERM');

  const ready = await fetch(`${url}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({
    ready: false,
    checks: { draining: { ok: false, reason: 'shutting down' } },
  });

  let refusedAt: number | undefined;
  while (refusedAt === undefined) {
    await fetch(`${url}/health`).then(
      () => new Promise((r) => setTimeout(r, 50)),
      () => {
        refusedAt = Date.now();
      },
    );
  }
  const done = await inFlight;
  expect(done.status).toBe(200);
  // Keep-alive clients are told to reconnect elsewhere.
  expect(done.connection).toBe('close');
  expect(JSON.parse(done.body).data.sharedRepositories.totalCount).toEqual(expect.any(Number));
  // The listener closed while the request was still running.
  expect(refusedAt).toBeLessThan(done.at);
  expect(await gw.exited).toBe(0);
  expect(gw.logs.some((e) => e.msg === 'stopped')).toBe(true);
  expect(gw.output()).not.toContain(CANARY);
});

test('SIGTERM: a request outliving the grace period is cut, and the process still exits 0', async () => {
  sim.setOptions({ latencyMs: 20000 });
  const gw = startGateway({ SHUTDOWN_GRACE_MS: '300' });
  const url = await gatewayUrl(gw);
  const inFlight = query(url).then(
    (r) => r.status,
    () => 'cut',
  );
  await untilUpstreamCalled();
  gw.child.kill('SIGTERM');
  expect(await gw.exited).toBe(0);
  expect(await inFlight).toBe('cut');
  expect(gw.logs.some((e) => String(e.msg).startsWith('grace period over'))).toBe(true);
});

test('SIGINT drains like SIGTERM', async () => {
  const gw = startGateway({});
  const url = await gatewayUrl(gw);
  expect((await query(url)).status).toBe(200);
  gw.child.kill('SIGINT');
  expect(await gw.exited).toBe(0);
  expect(gw.logs.some((e) => e.signal === 'SIGINT')).toBe(true);
});

/**
 * A stop ends the process within its drain (SHUTDOWN_DELAY_MS + SHUTDOWN_GRACE_MS) plus this, whatever stdout does:
 * the gateway's own margins after the drain (closing, then the last log lines' wait) with room for a busy machine.
 */
const EXIT_BOUND_MS = 2000;

/** SIGTERM, then the exit code, or 'still running' once the drain and `EXIT_BOUND_MS` have passed. */
function stopWithinBound(p: RunningProcess, drain: Record<string, string>): Promise<number | string> {
  const boundMs = Number(drain.SHUTDOWN_DELAY_MS) + Number(drain.SHUTDOWN_GRACE_MS) + EXIT_BOUND_MS;
  p.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still running'), boundMs);
  });
  return Promise.race([p.exited, late]).finally(() => clearTimeout(timer));
}

/** `count` queries, a few at a time, each answered with 200 (and logged with an access line). */
async function load(url: string, count: number): Promise<void> {
  let sent = 0;
  const client = async () => {
    while (sent < count) {
      sent++;
      const r = await query(url);
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    }
  };
  await Promise.all([client(), client(), client(), client(), client(), client()]);
}

test("SIGTERM after stdout's reader is gone: exits 0 within delay + grace + the margin", async () => {
  // No delay: the quickest stop, the likeliest to log its last lines before a write has failed for want of a reader.
  const drain = { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_GRACE_MS: '1000' };
  const gw = startGateway(drain);
  const url = await gatewayUrl(gw);
  expect((await query(url)).status).toBe(200);
  gw.child.stdout?.destroy();
  expect(await stopWithinBound(gw, drain)).toBe(0);
});

test('SIGTERM while nobody reads stdout and its pipe is full: exits 0 within delay + grace + the margin', async () => {
  const drain = { SHUTDOWN_DELAY_MS: '300', SHUTDOWN_GRACE_MS: '1000' };
  const gw = startGateway(drain);
  const url = await gatewayUrl(gw);
  const stdout = gw.child.stdout;
  stdout?.pause();
  // An access line per request: far more than the pipe and the paused reader's buffer hold.
  await load(url, 1000);
  expect(await stopWithinBound(gw, drain)).toBe(0);
  // The scenario happened: the lines still waiting at the exit, the last one included, were given up.
  stdout?.resume();
  if (stdout && !stdout.readableEnded) await once(stdout, 'end');
  expect(gw.logs.some((e) => e.msg === 'request')).toBe(true);
  expect(gw.logs.some((e) => e.msg === 'stopped')).toBe(false);
}, 60_000);

test("WORKERS=2, SIGTERM after stdout's reader is gone: the primary and its workers exit 0 within the bound", async () => {
  const drain = { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_GRACE_MS: '1000' };
  const gw = startGateway({ ...drain, WORKERS: '2', METRICS_PORT: '0' });
  const isEndpointLine = (e: Record<string, unknown>) => String(e.url ?? '').endsWith('/graphql');
  // Two workers start at once, each compiling the TypeScript: slower than one process.
  await gw.waitForLog((e) => isEndpointLine(e) && gw.logs.filter(isEndpointLine).length >= 2, 40_000);
  const workerPids = gw.logs.filter(isEndpointLine).map((e) => Number(e.pid));
  try {
    expect((await query(await gatewayUrl(gw))).status).toBe(200);
    gw.child.stdout?.destroy();
    expect(await stopWithinBound(gw, drain)).toBe(0);
  } finally {
    // A primary still running when this fails is killed by afterAll; its workers would outlive it.
    if (gw.child.exitCode === null && gw.child.signalCode === null) {
      for (const pid of workerPids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  }
}, 60_000);

test('SIGTERM while an IAM token request hangs: exits 1 once the drain and the close margin are over', async () => {
  // An IAM that accepts the connection and never answers: the token request outlives the drain.
  const held: Socket[] = [];
  const iam = createServer((socket) => held.push(socket));
  iam.listen(0, '127.0.0.1');
  await once(iam, 'listening');
  const { port } = iam.address() as AddressInfo;
  const apiKey = 'shutdown-test-api-key-0123456789abcdef';
  const drain = { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_GRACE_MS: '300' };
  try {
    const gw = startGateway({
      ...drain,
      SWR_AUTH_MODE: 'token',
      IAM_ENDPOINT: `http://127.0.0.1:${port}`,
      IAM_DOMAIN: 'acme',
      IAM_USER: 'svc',
      IAM_PASSWORD: 'shutdown-test-password',
      IAM_PROJECT: 'cn-north-4',
      CALLER_AUTH: 'api-key',
      API_KEYS: apiKey,
      // Far beyond the drain: without the margin, the stop would wait this long for IAM.
      UPSTREAM_HEADERS_TIMEOUT_MS: '60000',
    });
    const url = await gatewayUrl(gw);
    const answer = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: QUERY,
    }).then(
      (r) => r.status,
      () => 'cut',
    );
    while (held.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(await stopWithinBound(gw, drain)).toBe(1);
    expect(await answer).toBe('cut');
    expect(gw.logs.some((e) => e.msg === 'shutdown did not finish in time; exiting')).toBe(true);
  } finally {
    for (const socket of held) socket.destroy();
    iam.close();
  }
});
