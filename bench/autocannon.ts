/**
 * autocannon as the bench's load generator where wrk is missing (or with `BENCH_LOAD=autocannon`): it sends the
 * same list of requests as wrk would, in the same order. It runs in a process of its own (`bench/load-worker.ts`).
 */
import autocannon from 'autocannon';
import type { ClientRequest } from '../test/helpers/clients';
import type { LoadResult } from './load-result';

export function runAutocannon(
  url: string,
  list: readonly ClientRequest[],
  connections: number,
  durationSec: number,
): Promise<LoadResult> {
  let counter = 0;
  const firstErrors: string[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSec,
        // Every scenario hands autocannon its requests the same way, so the load generator, which shares the
        // machine's cores with the targets, costs the same per request in each: S4/S1 then compares the
        // gateway's work, not the load generator's (a static request is cheaper for it to send than a set-up one).
        requests: [
          {
            setupRequest: (req) => {
              const r = list[counter++ % list.length] as ClientRequest;
              // A copy of the headers: autocannon adds its content-length to the object it is given.
              return {
                ...req,
                method: r.method,
                path: r.path,
                headers: { ...r.headers },
                body: r.body ?? '',
              };
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
  });
}
