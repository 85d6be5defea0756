import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, type Harness, harnessPerTest, listCalls, TOKEN } from '../helpers/harness';

const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on SharedRepository { namespace name status } }
}`;

const ref = (namespace: string, name: string) => ({ __typename: 'SharedRepository', namespace, name });

// A fresh gateway per test: no cached page or kept result carries from one test to the next.
const harness = harnessPerTest();
let h: Harness;
beforeEach(() => {
  h = harness();
});

test('{ _service { sdl } } answers without a token, and is exactly schema.graphql', async () => {
  const r = await h.gql('{ _service { sdl } }', undefined, { token: null });
  const file = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data).toEqual({ _service: { sdl: file.replace(/\n$/, '') } });
  expect(h.sim.requests).toHaveLength(0);
});

test('{ __typename } answers without a token on the subgraph endpoint', async () => {
  const r = await h.gql('{ __typename _service { __typename } }', undefined, { token: null });
  expect(r.body).toEqual({ data: { __typename: 'Query', _service: { __typename: '_Service' } } });
});

test('_entities without a token is UNAUTHENTICATED per entity, without an upstream call', async () => {
  const [a] = h.sim.dataset(TOKEN, 'thirdparty');
  const r = await h.gql(ENTITIES, { r: [ref(a?.namespace ?? '', a?.name ?? '')] }, { token: null });
  expect(r.body.data).toEqual({ _entities: [null] });
  expect(r.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
    [['_entities', 0], 'UNAUTHENTICATED'],
  ]);
  expect(h.sim.requests).toHaveLength(0);
});

test('references resolve through THIRD_PARTY by default: a repository of my own is null there', async () => {
  const [theirs] = h.sim.dataset(TOKEN, 'thirdparty');
  const [mine] = h.sim.dataset(TOKEN, 'self');
  const r = await h.gql(ENTITIES, {
    r: [ref(theirs?.namespace ?? '', theirs?.name ?? ''), ref(mine?.namespace ?? '', mine?.name ?? '')],
  });
  expect(r.body.data).toEqual({
    _entities: [{ namespace: theirs?.namespace, name: theirs?.name, status: theirs?.status }, null],
  });
  expect(listCalls(h.sim).every((c) => c.query.center === 'thirdparty')).toBe(true);
});

test('FEDERATION_CENTER=SELF resolves references through center=self', async () => {
  const self = await createHarness({ FEDERATION_CENTER: 'SELF' });
  try {
    const [mine] = self.sim.dataset(TOKEN, 'self');
    const r = await self.gql(ENTITIES, { r: [ref(mine?.namespace ?? '', mine?.name ?? '')] });
    expect(r.body.data).toEqual({
      _entities: [{ namespace: mine?.namespace, name: mine?.name, status: false }],
    });
    expect(listCalls(self.sim).map((c) => c.query.center)).toEqual(['self']);
  } finally {
    await self.close();
  }
});

test('a malformed representation is BAD_USER_INPUT for that entity only', async () => {
  const [a] = h.sim.dataset(TOKEN, 'thirdparty');
  const r = await h.gql(ENTITIES, {
    r: [{ __typename: 'SharedRepository', namespace: 42 }, ref(a?.namespace ?? '', a?.name ?? '')],
  });
  expect(r.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
    [['_entities', 0], 'BAD_USER_INPUT'],
  ]);
  expect(r.body.data).toEqual({
    _entities: [null, { namespace: a?.namespace, name: a?.name, status: a?.status }],
  });
});

test('every repository a tenant has resolves, with one upstream call per namespace', async () => {
  const repos = h.sim.dataset(TOKEN, 'thirdparty');
  const namespaces = new Set(repos.map((r) => r.namespace));
  const r = await h.gql(ENTITIES, { r: repos.map((x) => ref(x.namespace, x.name)) });
  const entities = (r.body.data?._entities ?? []) as unknown[];
  expect(entities).toHaveLength(repos.length);
  expect(entities.every((e) => e !== null)).toBe(true);
  expect(listCalls(h.sim)).toHaveLength(namespaces.size);
});
