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

function next(): BenchRequest {
  const i = counter++;
  if (job.scenario === 'cold') return coldRequest(i, job.token);
  if (job.scenario === 'mixed') return mixedRequest(i, job.tokens ?? 20, job.queries ?? 10, job.token);
  return hotRequest(job.size ?? 20, job.token);
}

const hot = job.scenario === 'hot' ? hotRequest(job.size ?? 20, job.token) : undefined;

const instance = autocannon(
  {
    url: `${job.url}/graphql`,
    connections: job.connections,
    duration: job.durationSec,
    amount: job.amount,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(hot ? { 'x-auth-token': hot.token } : {}) },
    body: hot?.body,
    requests: hot
      ? undefined
      : [
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
