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
process.on('SIGTERM', () => instance.stop());
