import { request } from 'node:http';
import { type Simulator, startSimulator } from '../../src/simulator';
import { type RunningProcess, runEntry } from '../helpers/process';

let sim: Simulator;
let primary: RunningProcess;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  primary?.kill();
  await sim.close();
});

/** One request on a fresh connection (no keep-alive), so the kernel and primary may pick any worker. */
function freshConnectionQuery(url: string, requestId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'x-auth-token': 'cluster-token',
          'x-request-id': requestId,
          connection: 'close',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: '{ sharedRepositories { totalCount } }' }));
  });
}

const isEndpointLine = (e: Record<string, unknown>) => String(e.url ?? '').endsWith('/graphql');

test('WORKERS=2: two processes share the port, metrics aggregate, a dead worker is replaced, SIGTERM exits 0', async () => {
  primary = runEntry('src/main.ts', {
    HOST: '127.0.0.1',
    PORT: '0',
    WORKERS: '2',
    METRICS_PORT: '0',
    SWR_ENDPOINT: sim.url,
  });
  const metricsLine = await primary.waitForLog((e) => typeof e.metricsUrl === 'string');
  await primary.waitForLog((e) => isEndpointLine(e) && primary.logs.filter(isEndpointLine).length >= 2);
  const workerLines = primary.logs.filter(isEndpointLine);
  // Both workers listen on the same port.
  expect(new Set(workerLines.map((e) => e.url)).size).toBe(1);
  expect(new Set(workerLines.map((e) => e.pid)).size).toBe(2);
  const url = String(workerLines[0]?.url).replace(/\/graphql$/, '');

  const ids = Array.from({ length: 6 }, (_, i) => `cluster-req-${i}`);
  for (const id of ids) expect(await freshConnectionQuery(url, id)).toBe(200);
  const servedBy = new Set(
    primary.logs.filter((e) => e.msg === 'request' && ids.includes(String(e.requestId))).map((e) => e.pid),
  );
  expect(servedBy.size).toBe(2);

  const metrics = await (await fetch(String(metricsLine.metricsUrl))).text();
  const counts = metrics
    .split('\n')
    .filter(
      (l) => l.startsWith('gateway_http_request_duration_seconds_count') && l.includes('route="/graphql"'),
    )
    .map((l) => Number(l.split(' ').pop()));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);

  const victim = Number(workerLines[0]?.pid);
  process.kill(victim, 'SIGKILL');
  await primary.waitForLog((e) => e.workerPid === victim);
  await primary.waitForLog((e) => isEndpointLine(e) && ![...workerLines.map((w) => w.pid)].includes(e.pid));

  primary.child.kill('SIGTERM');
  const code = await primary.exited;
  // On failure, show what the processes logged about their stop.
  const stopLines = primary.logs.filter((e) => e.msg !== 'request').slice(-12);
  expect({ code, stopLines: code === 0 ? [] : stopLines }).toEqual({ code: 0, stopLines: [] });
  expect(primary.logs.some((e) => e.msg === 'all workers stopped' && e.failed === false)).toBe(true);
});
