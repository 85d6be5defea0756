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

test('queries run compiled: a document is compiled once per form and reused across requests and variables', async () => {
  const compiled = jest.mocked(compileQuery);
  compiled.mockClear();
  // The first request runs in yoga (compiled for yoga); the known document then runs directly (its direct form).
  const answers = [];
  for (const size of [3, 4, 5, 6]) answers.push(await h.gql(Q, { size }));
  expect(answers.map((a) => a.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
  expect(answers[1]?.body.data?.sharedRepositories).toMatchObject({ nodes: [{}, {}, {}, {}] });
  expect(compiled.mock.calls.map(([, , , options]) => options?.disableLeafSerialization ?? false)).toEqual([
    false,
    true,
  ]);
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
