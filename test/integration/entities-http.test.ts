import { createHarness, type Harness, TOKEN, withoutCacheAges } from '../helpers/harness';

/**
 * The subgraph is the same `/graphql` endpoint: `_entities` must go through GraphQL over HTTP exactly like
 * `sharedRepositories` does. Every case runs both operations and expects the same status and media type.
 */
interface Operation {
  query: string;
  variables: Record<string, unknown>;
  unknownField: string;
}

let h: Harness;
let operations: Record<'sharedRepositories' | '_entities', Operation>;

beforeAll(async () => {
  h = await createHarness();
  const [repo] = h.sim.dataset(TOKEN, 'thirdparty');
  operations = {
    sharedRepositories: {
      query:
        'query ($ns: String!) { sharedRepositories(center: THIRD_PARTY, namespace: $ns) { totalCount } }',
      variables: { ns: repo?.namespace },
      unknownField: '{ sharedRepositories { nope } }',
    },
    _entities: {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on SharedRepository { name } } }',
      variables: { r: [{ __typename: 'SharedRepository', namespace: repo?.namespace, name: repo?.name }] },
      unknownField: '{ _entities(representations: []) { ... on SharedRepository { nope } } }',
    },
  };
});
afterAll(() => h.close());

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const URL_BASE = 'http://gateway.test/graphql';

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(URL_BASE, {
    method: 'POST',
    headers: { 'content-type': JSON_TYPE, 'x-auth-token': TOKEN, ...headers },
    body: JSON.stringify(body),
  });
}

function get(op: Operation): Request {
  const search = `query=${encodeURIComponent(op.query)}&variables=${encodeURIComponent(JSON.stringify(op.variables))}`;
  return new Request(`${URL_BASE}?${search}`, { headers: { 'x-auth-token': TOKEN } });
}

type Case = [string, (op: Operation) => Request, number, string];

const cases: Case[] = [
  ['POST application/json', (op) => post({ query: op.query, variables: op.variables }), 200, JSON_TYPE],
  [
    'POST accepting application/graphql-response+json',
    (op) => post({ query: op.query, variables: op.variables }, { accept: GRAPHQL_RESPONSE }),
    200,
    GRAPHQL_RESPONSE,
  ],
  ['GET with query and variables in the URL', get, 200, JSON_TYPE],
  [
    'a syntax error under application/graphql-response+json',
    (op) => post({ query: op.query.slice(0, -1), variables: op.variables }, { accept: GRAPHQL_RESPONSE }),
    400,
    GRAPHQL_RESPONSE,
  ],
  [
    'an unknown field under application/graphql-response+json',
    (op) => post({ query: op.unknownField }, { accept: GRAPHQL_RESPONSE }),
    400,
    GRAPHQL_RESPONSE,
  ],
  [
    'a missing required variable under application/graphql-response+json',
    (op) => post({ query: op.query, variables: {} }, { accept: GRAPHQL_RESPONSE }),
    400,
    GRAPHQL_RESPONSE,
  ],
  [
    'no token under application/graphql-response+json (a field error, not a request error)',
    (op) =>
      post({ query: op.query, variables: op.variables }, { accept: GRAPHQL_RESPONSE, 'x-auth-token': '' }),
    200,
    GRAPHQL_RESPONSE,
  ],
  [
    'a text/plain body',
    () =>
      new Request(URL_BASE, {
        method: 'POST',
        // With the CSRF header the request reaches yoga's body parsing (without it, CSRF prevention's 403).
        headers: { 'content-type': 'text/plain', 'x-graphql-csrf': '1' },
        body: '{ __typename }',
      }),
    415,
    '',
  ],
];

async function answer(request: Request): Promise<{ status: number; type: string; body: string }> {
  const response = await h.fetch(request);
  return {
    status: response.status,
    type: (response.headers.get('content-type') ?? '').split(';')[0] ?? '',
    body: await response.text(),
  };
}

test.each(cases)('%s: _entities answers like sharedRepositories', async (_name, build, status, type) => {
  const list = await answer(build(operations.sharedRepositories));
  const entities = await answer(build(operations._entities));
  expect({ status: entities.status, type: entities.type }).toEqual({ status, type });
  expect({ status: list.status, type: list.type }).toEqual({ status, type });
});

test('GET and POST of the same _entities operation give the same body', async () => {
  const op = operations._entities;
  const viaPost = await answer(post({ query: op.query, variables: op.variables }));
  const viaGet = await answer(get(op));
  expect(JSON.parse(withoutCacheAges(viaGet.body))).toEqual(JSON.parse(withoutCacheAges(viaPost.body)));
  expect(JSON.parse(viaPost.body).data._entities).toHaveLength(1);
});

test('without a token both answer UNAUTHENTICATED', async () => {
  for (const op of Object.values(operations)) {
    const r = await answer(post({ query: op.query, variables: op.variables }, { 'x-auth-token': '' }));
    expect(JSON.parse(r.body).errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(
      ['UNAUTHENTICATED'],
    );
  }
});
