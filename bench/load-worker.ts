/**
 * autocannon's load, run as a process of its own so that it shares no event loop (nor a core's time slice
 * accounting) with the orchestrator, which also runs the simulator. Reads a job from argv[2] (JSON, a `LoadJob`),
 * prints one JSON result line. wrk needs no such process: it is one (`bench/wrk.ts`, started by `bench/run.ts`).
 */
import { runAutocannon } from './autocannon';
import { type LoadJob, loadRequests } from './load-requests';

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;

runAutocannon(job.url, loadRequests(job), job.connections, job.durationSec).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
