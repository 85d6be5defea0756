/**
 * Load generator, run as its own process so it does not share an event loop (or a core's time slice
 * accounting) with the target. Reads a job from argv[2] (JSON), prints one JSON result line.
 */
import autocannon from 'autocannon';
import { type BenchRequest, coldRequest, hotRequest, mixedRequest } from './scenarios';

interface Job {
  url: string;
  scenario: 'hot' | 'cold' | 'mixed';
  connections: number;
  durationSec?: number;
  amount?: number;
  size?: number;
  token: string;
  coldOffset?: number;
  tokens?: number;
  queries?: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
let counter = job.coldOffset ?? 0;

// Every scenario hands autocannon its requests the same way (`setupRequest`), so the load generator, which shares
// the machine's cores with the targets, costs the same per request in each: S4/S1 then compares the gateway's
// work, not the load generator's (a static request is cheaper for it to send than a set-up one).
const hot = job.scenario === 'hot' ? hotRequest(job.size ?? 20, job.token) : undefined;
const mixed =
  job.scenario === 'mixed'
    ? Array.from({ length: (job.tokens ?? 20) * (job.queries ?? 10) }, (_, i) =>
        mixedRequest(i, job.tokens ?? 20, job.queries ?? 10, job.token),
      )
    : undefined;

function next(): BenchRequest {
  const i = counter++;
  if (hot) return hot;
  if (mixed) return mixed[i % mixed.length] as BenchRequest;
  return coldRequest(i, job.token);
}

const instance = autocannon(
  {
    url: `${job.url}/graphql`,
    connections: job.connections,
    duration: job.durationSec,
    amount: job.amount,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = next();
          return { ...req, body: r.body, headers: { ...req.headers, 'x-auth-token': r.token } };
        },
      },
    ],
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    }
    const failed = result.errors + result.timeouts + result.non2xx;
    if (failed > 0) {
      // Say what went wrong, so a failed request in a timed run can be told from a gateway fault.
      const statuses = Object.keys(result.statusCodeStats ?? {}).filter((code) => !code.startsWith('2'));
      process.stderr.write(
        `load: ${failed} failed (${result.errors} socket errors${firstErrors.length ? `: ${firstErrors.join('; ')}` : ''}, ${result.timeouts} timeouts, ${result.non2xx} non-2xx${statuses.length ? `: ${statuses.join(', ')}` : ''})\n`,
      );
    }
    process.stdout.write(
      `${JSON.stringify({
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
        durationSec: result.duration,
      })}\n`,
    );
  },
);
const firstErrors: string[] = [];
instance.on('reqError', (error: Error) => {
  if (firstErrors.length < 3) firstErrors.push(String(error));
});
process.on('SIGTERM', () => instance.stop());
