import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadJob } from './load-requests';
import { loadRequests } from './load-requests';
import type { LoadResult } from './load-result';
import { runWrk, wrkVersion } from './wrk';

/**
 * The load generator: wrk when installed (`BENCH_LOAD=autocannon` to force autocannon). It shares the two cores
 * with the targets and the simulator, so the cheaper it is per request, the more a run measures the targets:
 * autocannon, a Node process, costs a large share of what a target does per request (`docs/performance.md`).
 */
export const WRK = process.env.BENCH_LOAD === 'autocannon' ? undefined : wrkVersion();

/**
 * One load run. wrk is a process of its own, so it runs from here, with the requests built here (between runs, not
 * during one); autocannon runs in JavaScript, so in a process of its own (`bench/load-worker.ts`).
 */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  if (WRK) return runWrk(job.url, loadRequests(job), job.connections, job.durationSec);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(__dirname, 'load-worker.ts'), JSON.stringify(job)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load worker ${code}`)),
    );
  });
}
