import { compileQuery } from 'graphql-jit';
import { createHarness, type Harness } from '../helpers/harness';

jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

const Q =
  'query Page($size: Int) { sharedRepositories(page: { size: $size }) { totalCount nodes { name } } }';
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('queries run compiled: a document is compiled once and reused across requests and variables', async () => {
  const compiled = jest.mocked(compileQuery);
  compiled.mockClear();
  const a = await h.gql(Q, { size: 3 });
  const b = await h.gql(Q, { size: 4 });
  expect(a.body.errors).toBeUndefined();
  expect(b.body.data?.sharedRepositories).toMatchObject({ nodes: [{}, {}, {}, {}] });
  expect(compiled).toHaveBeenCalledTimes(1);
});

test('input defaults still apply under compiled execution (sort direction defaults to DESC)', async () => {
  const r = await h.gql(
    'query($sort: SharedRepositorySort) { sharedRepositories(sort: $sort) { totalCount } }',
    { sort: { field: 'NAME' } },
  );
  expect(r.body.errors).toBeUndefined();
  const sent = h.sim.requests.at(-1)?.query;
  expect(sent?.order_type).toBe('desc');
});

test('a variable error is answered exactly as graphql-js words it (a request error: 400)', async () => {
  const r = await h.gql(Q, { size: 'three' });
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0]?.message).toMatch(/Variable "\$size" got invalid value "three"/);
});
