/**
 * Load generator, run as its own process so it does not share an event loop (or a core's time slice
 * accounting) with the target. Reads a job from argv[2] (JSON), prints one JSON result line. The load comes from
 * wrk when the job says so (`bench/wrk.ts`), otherwise from autocannon; both send the same requests in the same order.
 */
import autocannon from 'autocannon';
import type { LoadResult } from './load-result';
import { type BenchRequest, coldRequest, hotRequest, mixedRequest } from './scenarios';
import { runWrk } from './wrk';

interface Job {
  url: string;
  loader: 'wrk' | 'autocannon';
  scenario: 'hot' | 'cold' | 'mixed';
  connections: number;
  durationSec: number;
  size?: number;
  token: string;
  coldOffset?: number;
  tokens?: number;
  queries?: number;
}

/**
 * How many distinct cold requests wrk gets: more than a run sends (it wraps around after them), fewer than
 * the cold scenario's distinct queries.
 */
const COLD_REQUESTS = 15_000;

const job = JSON.parse(process.argv[2] ?? '{}') as Job;

/** The requests of this job, in the order they go out (wrapping around): one for hot, a fixed mix, or cold ones. */
function requestList(): BenchRequest[] {
  if (job.scenario === 'hot') return [hotRequest(job.size ?? 20, job.token)];
  if (job.scenario === 'mixed') {
    const tokens = job.tokens ?? 20;
    const queries = job.queries ?? 10;
    return Array.from({ length: tokens * queries }, (_, i) => mixedRequest(i, tokens, queries, job.token));
  }
  const from = job.coldOffset ?? 0;
  return Array.from({ length: COLD_REQUESTS }, (_, i) => coldRequest(from + i, job.token));
}

function runAutocannon(list: readonly BenchRequest[]): Promise<LoadResult> {
  let counter = 0;
  const firstErrors: string[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${job.url}/graphql`,
        connections: job.connections,
        duration: job.durationSec,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Every scenario hands autocannon its requests the same way, so the load generator, which shares the
        // machine's cores with the targets, costs the same per request in each: S4/S1 then compares the
        // gateway's work, not the load generator's (a static request is cheaper for it to send than a set-up one).
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const r = list[counter++ % list.length] as BenchRequest;
              return { ...req, body: r.body, headers: { ...req.headers, 'x-auth-token': r.token } };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const failed = result.errors + result.timeouts + result.non2xx;
        if (failed > 0) {
          // Say what went wrong, so a failed request in a timed run can be told from a gateway fault.
          const statuses = Object.keys(result.statusCodeStats ?? {}).filter((code) => !code.startsWith('2'));
          process.stderr.write(
            `load: ${failed} failed (${result.errors} socket errors${firstErrors.length ? `: ${firstErrors.join('; ')}` : ''}, ${result.timeouts} timeouts, ${result.non2xx} non-2xx${statuses.length ? `: ${statuses.join(', ')}` : ''})\n`,
          );
        }
        resolve({
          requests: result.requests.total,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: failed,
        });
      },
    );
    instance.on('reqError', (error: Error) => {
      if (firstErrors.length < 3) firstErrors.push(String(error));
    });
    process.on('SIGTERM', () => instance.stop());
  });
}

const list = requestList();
(job.loader === 'wrk' ? runWrk(job.url, list, job.connections, job.durationSec) : runAutocannon(list)).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
