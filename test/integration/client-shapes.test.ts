import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ApolloClient, gql as apolloGql, HttpLink, InMemoryCache } from '@apollo/client';
import {
  ApolloClient as ApolloClient3,
  gql as apollo3Gql,
  HttpLink as HttpLink3,
  InMemoryCache as InMemoryCache3,
} from '@apollo/client-3';
import { Client, cacheExchange, fetchExchange, gql as urqlGql } from '@urql/core';
import { pageQuery } from '../../bench/scenarios';
import { type CaptureServer, startCaptureServer } from '../helpers/captureServer';
import { type ClientName, type ClientRequest, clientRequest, RUNTIME_HEADERS } from '../helpers/clients';

/**
 * The canned client requests (`test/helpers/clients.ts`) against what the real libraries send: each library runs,
 * set up as its documentation sets it up, against a server that records the request and answers a plain result.
 */
const TOKEN = 'shape-token';
let server: CaptureServer;
let endpoint: string;

beforeAll(async () => {
  server = await startCaptureServer(RUNTIME_HEADERS, '{"data":{"sharedRepositories":null}}');
  endpoint = `${server.origin}/graphql`;
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

type Variables = Record<string, unknown>;

/** graphql-request is ESM only, which jest's CommonJS runtime cannot load: it runs in a Node process of its own. */
const GRAPHQL_REQUEST = `import { request } from 'graphql-request';
const [endpoint, token, query, variables] = process.argv.slice(1);
await request(endpoint, query, JSON.parse(variables), { 'x-auth-token': token });`;
const run = promisify(execFile);

/** Each library as an application would call it, for one query; a new client each time (no client-side cache). */
const RUNS: Partial<Record<ClientName, (query: string, variables: Variables) => Promise<unknown>>> = {
  urql: (query, variables) =>
    new Client({
      url: endpoint,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { 'x-auth-token': TOKEN } },
    })
      .query(urqlGql(query), variables)
      .toPromise(),
  apollo4: (query, variables) =>
    new ApolloClient({
      link: new HttpLink({ uri: endpoint, headers: { 'x-auth-token': TOKEN } }),
      cache: new InMemoryCache(),
    }).query({ query: apolloGql(query), variables }),
  apollo3: (query, variables) =>
    new ApolloClient3({
      link: new HttpLink3({ uri: endpoint, headers: { 'x-auth-token': TOKEN } }),
      cache: new InMemoryCache3(),
    }).query({ query: apollo3Gql(query), variables }),
  graphqlRequest: (query, variables) =>
    run(process.execPath, [
      '--input-type=module',
      '-e',
      GRAPHQL_REQUEST,
      endpoint,
      TOKEN,
      query,
      JSON.stringify(variables),
    ]),
  // Relay's network-layer guide: its `fetchFn`, with the token where the guide says to add headers.
  relay: (text, variables) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
      body: JSON.stringify({ query: text, variables }),
    }).then((r) => r.json()),
  fetch: (query, variables) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
      body: JSON.stringify({ query, operationName: 'Page', variables }),
    }).then((r) => r.json()),
};
const VERIFIED = Object.keys(RUNS) as ClientName[];

async function sent(client: ClientName, query: string, variables: Variables): Promise<ClientRequest> {
  await RUNS[client]?.(query, variables);
  expect(server.received).toHaveLength(1);
  return server.received[0] as ClientRequest;
}

/** A document with what clients rewrite: a fragment, an inline fragment, a `__typename` already there, a
 * defaulted and an unused variable, arguments too long for one line, a comment and a blank line. */
const RICH = `# a comment the printers drop
query Page($center: SharedRepositoryCenter!, $size: Int = 7, $sort: SharedRepositorySort, $unused: String) {
  sharedRepositories(center: $center, page: { size: $size, number: 1 }, sort: $sort, name: "a long name filter") {

    ...Counts
    nodes { __typename id ... on SharedRepository { name images { tag } } }
  }
}
fragment Counts on SharedRepositoryConnection { totalCount pageInfo { hasNextPage endCursor } }`;

test.each(VERIFIED)("%s: the bench's page query, as the library sends it", async (client) => {
  const variables = { page: { size: 20 }, center: 'SELF' };
  const expected = clientRequest(
    client,
    { query: pageQuery(), operationName: 'Page', variables },
    TOKEN,
    endpoint,
  );
  expect(await sent(client, pageQuery(), variables)).toEqual(expected);
});

test.each(VERIFIED)(
  '%s: a document with fragments, defaults and unused variables, as the library sends it',
  async (client) => {
    const variables = {
      sort: { field: 'NAME', direction: 'ASC' },
      unused: 'x',
      center: 'SELF',
      size: undefined,
    };
    const expected = clientRequest(
      client,
      { query: RICH, operationName: 'Page', variables },
      TOKEN,
      endpoint,
    );
    expect(await sent(client, RICH, variables)).toEqual(expected);
  },
);

test('urql sends a query whose URL would pass 2,047 characters as a POST', async () => {
  const variables = { center: 'SELF', name: 'n'.repeat(1200) };
  const expected = clientRequest('urql', { query: pageQuery(), variables }, TOKEN, endpoint);
  expect(expected.method).toBe('POST');
  expect(await sent('urql', pageQuery(), variables)).toEqual(expected);
});
