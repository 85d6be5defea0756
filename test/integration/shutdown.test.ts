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
