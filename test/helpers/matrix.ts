import {
  type SimulatedRepository,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator';
import { redisCacheEnv } from './cache';
import { type ClientName, type ClientRequest, clientRequest, type GraphQLOperation } from './clients';
import { expectedFields, inOrder } from './expected';
import { createHarness, type GqlResult, type Harness, listCalls } from './harness';
import { startRedis, type TestRedis } from './redis';

/**
 * The deployments the matrix runs every user scenario against (issue 21): what a user sees must not depend on
 * which one serves them.
 * - `cache off`: CACHE_ENABLED=false, every request asks SWR.
 * - `memory cache + fast path`: the production default.
 * - `two replicas on Redis`: two gateways sharing a real redis-server (and its key prefix and secret), requests
 *   taking turns between them, as behind a round-robin load balancer.
 */
export const DEPLOYMENTS = ['cache off', 'memory cache + fast path', 'two replicas on Redis'] as const;
export type DeploymentName = (typeof DEPLOYMENTS)[number];

export interface Deployment {
  readonly name: DeploymentName;
  readonly sim: Simulator;
  readonly replicas: readonly Harness[];
  /** Whether a repeated query may be answered without asking SWR again. */
  readonly caches: boolean;
  /** The replica for the next request: they take turns, from the first one at the start of each test. */
  next(): Harness;
}

type Env = Record<string, string> | ((simulatorUrl: string) => Record<string, string>);

/** What makes the deployment `name`, beside the production defaults. */
function deploymentSettings(name: DeploymentName, redis: TestRedis | undefined): Record<string, string> {
  if (name === 'cache off') return { CACHE_ENABLED: 'false' };
  return redis ? redisCacheEnv(redis.url) : {};
}

/**
 * In a `describe`: the deployment `name` with `env` on top (production defaults otherwise), over a simulator of
 * its own, started once for the block (the simulator is reset, and the replicas' turns restart, before each test).
 * Returns a getter for it.
 */
export function deploymentFixture(
  name: DeploymentName,
  env: Env = {},
  simOptions: SimulatorOptions = {},
): () => Deployment {
  let sim: Simulator | undefined;
  let redis: TestRedis | undefined;
  let replicas: Harness[] = [];
  let turn = 0;
  beforeAll(async () => {
    const upstream = await startSimulator({ port: 0, ...simOptions });
    sim = upstream;
    const own = typeof env === 'function' ? env(upstream.url) : env;
    const onRedis = name === 'two replicas on Redis';
    if (onRedis) redis = await startRedis();
    // One env for all replicas: the same Redis, key prefix and secret, so they share entries.
    const shared = { ...deploymentSettings(name, redis), ...own };
    replicas = await Promise.all(
      Array.from({ length: onRedis ? 2 : 1 }, () => createHarness(shared, {}, { sim: upstream })),
    );
  });
  beforeEach(() => {
    sim?.reset();
    turn = 0;
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await sim?.close();
    await redis?.stop();
  });
  return () => {
    if (sim === undefined || replicas.length === 0)
      throw new Error(`deploymentFixture: ${name} did not start`);
    const started = replicas;
    return {
      name,
      sim,
      replicas: started,
      caches: name !== 'cache off',
      next: () => started[turn++ % started.length] as Harness,
    };
  };
}

/** The headers that carry a caller's credentials; `{}` is a caller without any. */
export type Caller = Readonly<Record<string, string>>;

export const withToken = (token: string): Caller => ({ 'x-auth-token': token });

/** How every matrix query is asked: as urql (GET) and as Apollo Client 4 (POST) send it, each twice. */
export const ASKS: readonly ClientName[] = ['urql', 'urql', 'apollo4', 'apollo4'];

const ENDPOINT = 'http://gateway.test/graphql';
const TOKEN_HEADER = 'x-auth-token';

/** `client`'s request for `op`, with the caller's credential headers in place of the SWR token it would send. */
export function requestOf(client: ClientName, op: GraphQLOperation, caller: Caller): ClientRequest {
  const request = clientRequest(client, op, '', ENDPOINT);
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name !== TOKEN_HEADER),
  );
  return { ...request, headers: { ...headers, ...caller } };
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed body; `undefined` for an empty one (a 304). */
  body: GqlResult['body'] | undefined;
}

/** Send `request` (with `extra` headers) to `gateway`. */
export async function send(
  gateway: Harness,
  request: ClientRequest,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const response = await gateway.fetch(request.path, {
    method: request.method,
    headers: { ...request.headers, ...extra },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as GqlResult['body']),
  };
}

/** Ask `op` as every client of `clients` does, in turn, replicas taking turns. */
export async function askAll(
  d: Deployment,
  op: GraphQLOperation,
  caller: Caller,
  clients: readonly ClientName[] = ASKS,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const client of clients) answers.push(await send(d.next(), requestOf(client, op, caller)));
  return answers;
}

/** A value with every `__typename` left out: the clients add them for their own caches. */
export function withoutTypenames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypenames);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '__typename')
      .map(([key, v]) => [key, withoutTypenames(v)]),
  );
}

/**
 * Ask `op` the `ASKS` way and return its data (without `__typename`s) once every answer proved the same and
 * error-free. SWR is asked for the first answer only where the deployment caches (the repeats come from the cache,
 * a kept result or the other replica), and as often for each repeat as for the first where it does not.
 */
export async function askData(d: Deployment, op: GraphQLOperation, caller: Caller): Promise<unknown> {
  const before = listCalls(d.sim).length;
  const [first, ...repeats] = ASKS as [ClientName, ...ClientName[]];
  const answers = [await send(d.next(), requestOf(first, op, caller))];
  const firstCalls = listCalls(d.sim).length - before;
  for (const client of repeats) answers.push(await send(d.next(), requestOf(client, op, caller)));
  const data = answers.map((a) => {
    expect(a.status).toBe(200);
    expect(a.body?.errors).toBeUndefined();
    return withoutTypenames(a.body?.data);
  });
  for (const other of data.slice(1)) expect(other).toEqual(data[0]);
  const calls = listCalls(d.sim).length - before;
  if (d.caches) expect(calls).toBe(firstCalls);
  else {
    expect(firstCalls).toBeGreaterThan(0);
    expect(calls).toBe(firstCalls * ASKS.length);
  }
  return data[0];
}

/** The `extensions.code` of each error of an answer. */
export function codesOf(answer: Answer): unknown[] {
  return answer.body?.errors?.map((e) => e.extensions?.code) ?? [];
}

/** A short list query; `FIRST_PAGE` asks it for the first five repositories. */
export const SHORT_LIST = `query MatrixShortList($namespace: String, $page: PageInput) {
  sharedRepositories(namespace: $namespace, page: $page) { totalCount nodes { namespace name updatedAt } }
}`;
export const FIRST_PAGE: GraphQLOperation = { query: SHORT_LIST, variables: { page: { size: 5 } } };

/** The data `FIRST_PAGE` must answer for the caller whose SELF list is `list`. */
export function firstPageOf(list: readonly SimulatedRepository[]) {
  return {
    sharedRepositories: {
      totalCount: list.length,
      nodes: inOrder(list)
        .slice(0, 5)
        .map((r) => expectedFields(r, ['namespace', 'name', 'updatedAt'])),
    },
  };
}
