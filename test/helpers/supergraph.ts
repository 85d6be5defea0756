import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  IntrospectAndCompose,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import type { FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { type GraphQLSchema, getOperationAST, parse, validate } from 'graphql';
import type { Simulator } from '../../src/simulator';
import { createDeploymentsSubgraph, type DeploymentData } from './deployments';
import { createHarness, type Harness } from './harness';

interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serve a request listener on a free port of 127.0.0.1. */
export async function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the router keeps per incoming request: the caller's token, and nothing else. */
interface RouterContext {
  token?: string;
}

/**
 * How a router forwards the caller's credential: the incoming `X-Auth-Token` goes to every subgraph fetch.
 * (Apollo Router: `headers: { all: { request: [{ propagate: { named: x-auth-token } }] } }`.)
 */
class ForwardingDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const token = (context as RouterContext).token;
    if (token) request.http?.headers.set('x-auth-token', token);
  }
}

/** Node's fetch in the shape the gateway expects (its default, make-fetch-happen, keeps sockets pooled). */
const fetcher = (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> =>
  fetch(url, init as RequestInit) as Promise<FetcherResponse>;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function readJson(req: IncomingMessage): Promise<{
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];

/**
 * The smallest HTTP front for the gateway's executor: parse, validate against the supergraph's API schema,
 * then let the gateway plan and execute. It is what Apollo Server does around a gateway, minus plugins.
 */
function routerHandler(schema: GraphQLSchema, executor: Executor): RequestListener {
  return (req, res) => {
    void (async () => {
      const { query, variables, operationName } = await readJson(req);
      const document = parse(query);
      const errors = validate(schema, document);
      const operation = getOperationAST(document, operationName);
      if (errors.length > 0 || !operation) {
        send(res, 400, { errors: errors.length > 0 ? errors : [{ message: 'No operation.' }] });
        return;
      }
      const token = req.headers['x-auth-token'];
      const context: RouterContext = typeof token === 'string' ? { token } : {};
      const cache = new Map<string, string>();
      const result = await executor({
        request: { query, variables, operationName },
        logger: quiet,
        schema,
        schemaHash: 'supergraph' as never,
        context,
        cache: {
          get: async (key) => cache.get(key),
          set: async (key, value) => void cache.set(key, value),
          delete: async (key) => void cache.delete(key),
        },
        queryHash: createHash('sha256').update(query).digest('hex'),
        document,
        source: query,
        operationName: operationName ?? null,
        operation,
        metrics: {},
        overallCachePolicy: {},
      });
      send(res, 200, result);
    })().catch((error: unknown) => send(res, 500, { errors: [{ message: String(error) }] }));
  };
}

export interface RouterResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Supergraph {
  /** Our gateway (the SWR subgraph) with its simulator and logs. */
  swr: Harness;
  swrUrl: string;
  deploymentsUrl: string;
  /** Query the router as a client would; `token` goes in `X-Auth-Token`. */
  query(query: string, token?: string): Promise<RouterResult>;
  close(): Promise<void>;
}

/**
 * A real federated setup: our gateway and the deployments subgraph on real ports, and an Apollo Gateway that
 * composes them from their live `_service { sdl }` (IntrospectAndCompose, no token) and serves the supergraph.
 * `deployments` picks the references from the simulator's data.
 */
export async function startSupergraph(
  deployments: (sim: Simulator) => readonly DeploymentData[],
  env: Record<string, string> = {},
): Promise<Supergraph> {
  const swr = await createHarness(env);
  const swrServer = { url: swr.gateway.url };
  const deploymentsServer = await listen(createDeploymentsSubgraph(deployments(swr.sim)));
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: [
        { name: 'swr', url: `${swrServer.url}/graphql` },
        { name: 'deployments', url: `${deploymentsServer.url}/graphql` },
      ],
    }),
    buildService: ({ url }) => new ForwardingDataSource({ url, fetcher }),
    logger: quiet,
  });
  const { schema, executor } = await gateway.load();
  const router = await listen(routerHandler(schema, executor));
  return {
    swr,
    swrUrl: swrServer.url,
    deploymentsUrl: deploymentsServer.url,
    async query(query, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers['x-auth-token'] = token;
      const response = await fetch(`${router.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as RouterResult;
    },
    async close() {
      await router.close();
      await gateway.stop();
      await deploymentsServer.close();
      await swr.close();
    },
  };
}
