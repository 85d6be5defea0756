import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { STORES, storeFixture } from '../helpers/cache';
import { startGatewayOver } from '../helpers/gateway';
import { listCalls, TOKEN } from '../helpers/harness';

/**
 * `_entities` and the list through the whole gateway (real HTTP, fast path on) with the cache on, as shipped. The
 * repositories come out of the cache, whose entries are shared and frozen (memory keeps them frozen, and an entry
 * read from Redis is frozen as memory remembers it); @apollo/subgraph writes `__typename` onto every entity it is
 * handed. Each query runs twice: yoga answers the first, the fast path the repeat, and the repeat reads the cache.
 */
const ENTITIES = `query Entities($r: [_Any!]!) {
  _entities(representations: $r) { ... on SharedRepository { __typename namespace name status tags } }
}`;

/** The docs' examples (README.md, docs/api.md): the first page newest first, others' shares by tag count. */
const README_FIRST_PAGE = `{
  sharedRepositories(center: SELF, page: { size: 10 }) {
    totalCount pageCount
    pageInfo { hasNextPage endCursor }
    nodes { namespace name category size updatedAt images { reference } }
  }
}`;
const README_THIRD_PARTY = `query ($ns: String!) {
  sharedRepositories(center: THIRD_PARTY, namespace: $ns, sort: { field: TAG_COUNT, direction: DESC }) {
    nodes { domainName namespace name status tags }
  }
}`;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { cache?: { status: string } };
}

async function post(gateway: RunningGateway, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

const ref = ({ namespace, name }: { namespace: string; name: string }) => ({
  __typename: 'SharedRepository',
  namespace,
  name,
});

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe.each(STORES)('cache on, %s', (store) => {
  const fixture = storeFixture(store);
  let gateway: RunningGateway;
  beforeEach(async () => {
    gateway = await startGatewayOver(sim, fixture.env());
  });
  afterEach(() => gateway.close());

  test('_entities resolves every representation, and again from the cache', async () => {
    const wanted = sim.dataset(TOKEN, 'thirdparty').slice(0, 3);
    const expected = wanted.map(({ namespace, name, status, tags }) => ({
      __typename: 'SharedRepository',
      namespace,
      name,
      status,
      tags,
    }));
    const first = await post(gateway, ENTITIES, { r: wanted.map(ref) });
    const calls = listCalls(sim).length;
    const second = await post(gateway, ENTITIES, { r: wanted.map(ref) });
    for (const answer of [first, second]) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ _entities: expected });
    }
    expect(first.extensions?.cache?.status).toBe('MISS');
    expect(second.extensions?.cache?.status).toBe('HIT');
    expect(listCalls(sim)).toHaveLength(calls);
  });

  test('the README queries and _entities, each run twice over the same cached pages, answer without an error', async () => {
    const [theirs] = sim.dataset(TOKEN, 'thirdparty');
    const [mine] = sim.dataset(TOKEN, 'self');
    const namespace = theirs?.namespace ?? '';
    const runs: [string, Record<string, unknown> | undefined][] = [
      [README_FIRST_PAGE, undefined],
      [README_THIRD_PARTY, { ns: namespace }],
      // One of their repositories, and one of mine (null: references resolve through THIRD_PARTY).
      [ENTITIES, { r: [ref(theirs ?? { namespace, name: '' }), ref(mine ?? { namespace, name: '' })] }],
    ];
    const answers: Answer[][] = [];
    for (const [query, variables] of runs) {
      answers.push([await post(gateway, query, variables), await post(gateway, query, variables)]);
    }
    for (const [first, second] of answers) {
      expect(first?.errors).toBeUndefined();
      expect(second?.errors).toBeUndefined();
      expect(second?.data).toEqual(first?.data);
      expect(second?.extensions?.cache?.status).toBe('HIT');
    }
    const [, thirdParty, entities] = answers;
    const listed = thirdParty?.[0]?.data?.sharedRepositories as { nodes: { name: string }[] };
    expect(listed.nodes.map((n) => n.name)).toContain(theirs?.name);
    expect(entities?.[0]?.data?._entities).toEqual([
      expect.objectContaining({ namespace, name: theirs?.name }),
      null,
    ]);
  });
});
