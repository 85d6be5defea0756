import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../src/simulator';
import { CANARY, faultHarness, useFaultHarnesses, waitFor } from '../helpers/faults';
import { listCalls } from '../helpers/harness';
import type { ProbeReport } from '../helpers/memoryProbe';

useFaultHarnesses();

/**
 * Run the gateway in a fresh child process against `sim` (which stays here, so the child's memory is the
 * gateway's), arm the fault once the child is warm, and return its report. Two V8 settings keep the test's
 * noise out of the measurement, and neither changes what the gateway holds:
 * - the young generation is kept at its smallest: the probe's own frequent minor GCs would otherwise grow it
 *   by up to 16 MB;
 * - WebAssembly stays at its baseline tier (`--liftoff-only`): the first large body a process reads makes V8
 *   recompile undici's llhttp parser with TurboFan, which adds 10-25 MB of anonymous memory once per process.
 *   That is compiled code, not body data, and the warm-up cannot trigger it without pre-growing the
 *   allocator. With it, a trial's growth was 8-16 MB on a loaded CI machine; without it, 4-6 MB every time.
 */
async function probe(sim: Simulator, cap: number, arm: () => void): Promise<ProbeReport> {
  sim.reset();
  // The first warm-up request takes the too-large error path without reading a byte of body (the length is
  // declared), so the measured request finds that code compiled but no memory pre-grown.
  sim.faults.enqueue({ kind: 'hugeBody', bytes: 50 * 1024 * 1024, declareLength: true });
  const child = fork(join(__dirname, '..', 'helpers', 'memoryProbe.ts'), [sim.url, String(cap), CANARY], {
    execArgv: ['--import', 'tsx', '--max-semi-space-size=1', '--liftoff-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const [ready] = (await once(child, 'message')) as [unknown];
    if (ready !== 'ready') throw new Error(`probe said ${String(ready)}`);
    arm();
    child.send('go');
    const [report] = (await once(child, 'message')) as [ProbeReport];
    return report;
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
  }
}

test('a 50 MB body → UPSTREAM_RESPONSE_TOO_LARGE, cut off early; RSS grows less than twice the cap', async () => {
  const cap = 4 * 1024 * 1024; // the default
  const sim = await startSimulator();
  /** One fresh process per trial: what one trial's allocator kept cannot flatter the next one's growth. */
  const trial = async () => {
    const report = await probe(sim, cap, () => {
      sim.reset();
      sim.faults.enqueue({ kind: 'hugeBody', bytes: 50 * 1024 * 1024 });
    });
    expect(report.code).toBe('UPSTREAM_RESPONSE_TOO_LARGE');
    expect(report.ms).toBeLessThan(3000);
    // Buffer bytes are counted exactly (RSS also holds allocator slack and code): about the cap, not 50 MB.
    expect(report.arrayBufferGrowth).toBeLessThan(2 * cap);
    // The gateway hung up mid-body: the simulator never finished sending the 50 MB.
    const [call] = listCalls(sim);
    await waitFor(() => call?.closedAt !== undefined, 1000);
    expect(listCalls(sim)).toHaveLength(1);
    expect(call?.headers['x-auth-token']).toBe(CANARY);
    expect(report.responseText).not.toContain(CANARY);
    for (const line of report.logLines) expect(line).not.toContain(CANARY);
    return report.rssGrowth;
  };
  try {
    // RSS still moves in steps of a megabyte or so for reasons of its own (heap pages, allocator arenas): that
    // noise only ever adds, so the smallest of up to five fresh trials is the measurement (the first one almost
    // always settles it). A gateway that held the whole body would grow by more than 50 MB in every trial.
    let smallest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5 && smallest >= 2 * cap; i += 1) smallest = Math.min(smallest, await trial());
    expect(smallest).toBeLessThan(2 * cap);
  } finally {
    await sim.close();
  }
});

test('a body declaring more than the cap is refused before it is read', async () => {
  const cap = 1024 * 1024;
  const h = await faultHarness({ UPSTREAM_MAX_RESPONSE_BYTES: String(cap) });
  h.sim.faults.enqueue({ kind: 'hugeBody', bytes: 50 * 1024 * 1024, declareLength: true });
  const { code, ms } = await h.timedGql();
  expect(code).toBe('UPSTREAM_RESPONSE_TOO_LARGE');
  expect(ms).toBeLessThan(1000);
  const [call] = listCalls(h.sim);
  await waitFor(() => call?.closedAt !== undefined, 1000);
  expect(listCalls(h.sim)).toHaveLength(1);
});
