/**
 * What a load run sends: the job the orchestrator hands the load generator, and the HTTP requests it makes of it,
 * built once up front in the order they go out (wrapping around). The same requests whichever load generator
 * sends them (`bench/wrk.ts`, `bench/autocannon.ts`).
 */
import { type ClientName, type ClientRequest, clientRequest } from '../test/helpers/clients';
import { type BenchRequest, coldRequest, hotRequest, mixedRequest, pageQuery } from './scenarios';

/**
 * Whose request each query goes out as: `bench`, the bench's own JSON POST (no `accept`: the scenarios since run 1),
 * or a real client's (`test/helpers/clients.ts`).
 */
export type BenchClient = 'bench' | ClientName;

export interface LoadJob {
  /** The target's origin (`http://host:port`); the GraphQL endpoint is its `/graphql`. */
  url: string;
  scenario: 'hot' | 'cold' | 'mixed';
  connections: number;
  durationSec: number;
  size?: number;
  token: string;
  coldOffset?: number;
  tokens?: number;
  queries?: number;
  /** The clients whose requests go out, taking turns request by request (a warm-up mixes them); `bench` if absent. */
  clients?: readonly BenchClient[];
}

/**
 * How many distinct cold requests a run of `durationSec` gets: more than it can send (a cold request waits on SWR,
 * so 50 connections at 20 ms send at most 2,500 a second), fewer than the cold scenario's distinct queries. A run
 * that sends more would wrap around and ask again: the orchestrator checks (`coldRequestCount`).
 */
const COLD_PER_SECOND = 5_000;
const COLD_MAX = 15_000;
export function coldRequestCount(durationSec: number): number {
  return Math.min(COLD_MAX, COLD_PER_SECOND * durationSec);
}

/** The bench's own request: a JSON POST with the token and nothing else. */
function benchPost(r: BenchRequest): ClientRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', 'x-auth-token': r.token },
    body: r.body,
  };
}

/** `r` as `client` sends it to the target at `url`. */
export function asSentBy(client: BenchClient, r: BenchRequest, url: string): ClientRequest {
  if (client === 'bench') return benchPost(r);
  const op = { query: pageQuery(), operationName: 'Page', variables: r.variables };
  return clientRequest(client, op, r.token, `${url}/graphql`);
}

/** The scenario's queries, in order: one for hot, a fixed mix, or cold ones never asked before. */
function scenarioRequests(job: LoadJob): BenchRequest[] {
  if (job.scenario === 'hot') return [hotRequest(job.size ?? 20, job.token)];
  if (job.scenario === 'mixed') {
    const tokens = job.tokens ?? 20;
    const queries = job.queries ?? 10;
    return Array.from({ length: tokens * queries }, (_, i) => mixedRequest(i, tokens, queries, job.token));
  }
  const from = job.coldOffset ?? 0;
  return Array.from({ length: coldRequestCount(job.durationSec) }, (_, i) =>
    coldRequest(from + i, job.token),
  );
}

/** The job's HTTP requests, in the order they go out; with several clients, request i is client i mod n's. */
export function loadRequests(job: LoadJob): ClientRequest[] {
  const clients = job.clients?.length ? job.clients : (['bench'] as const);
  const queries = scenarioRequests(job);
  // A hot run with several clients sends its one query as each of them.
  const count = Math.max(queries.length, clients.length);
  return Array.from({ length: count }, (_, i) =>
    asSentBy(
      clients[i % clients.length] as BenchClient,
      queries[i % queries.length] as BenchRequest,
      job.url,
    ),
  );
}
