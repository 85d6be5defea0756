import { type Harness, harnessPerTest, listCalls } from '../helpers/harness';

const Q = `query($center: SharedRepositoryCenter!, $namespace: String, $name: String, $page: PageInput, $sort: SharedRepositorySort) {
  sharedRepositories(center: $center, namespace: $namespace, name: $name, page: $page, sort: $sort) { totalCount }
}`;

// A fresh gateway per test: no cached page or kept result carries from one test to the next.
const harness = harnessPerTest();
let h: Harness;
beforeEach(() => {
  h = harness();
});

async function sentQuery(variables: Record<string, unknown>) {
  const result = await h.gql(Q, { center: 'SELF', ...variables });
  expect(result.body.errors).toBeUndefined();
  const calls = listCalls(h.sim);
  expect(calls).toHaveLength(1);
  return calls[0]!.query;
}

test('no arguments sends center=self, limit 20 at offset 0, updated_at desc, and never filter', async () => {
  const result = await h.gql('{ sharedRepositories { totalCount } }');
  expect(result.body.errors).toBeUndefined();
  expect(listCalls(h.sim)[0]!.query).toEqual({
    center: 'self',
    limit: '20',
    offset: '0',
    order_column: 'updated_at',
    order_type: 'desc',
  });
});

test('center THIRD_PARTY is sent as thirdparty', async () => {
  expect((await sentQuery({ center: 'THIRD_PARTY' })).center).toBe('thirdparty');
});

test('namespace is sent as is', async () => {
  expect((await sentQuery({ namespace: 'team-a.b__c' })).namespace).toBe('team-a.b__c');
});

test('a / in name is sent as $', async () => {
  expect((await sentQuery({ name: 'tools/builder' })).name).toBe('tools$builder');
});

test.each([
  ['NAME', 'ASC', 'name', 'asc'],
  ['UPDATED_AT', 'ASC', 'updated_at', 'asc'],
  ['TAG_COUNT', 'DESC', 'tag_count', 'desc'],
])('sort %s %s is sent as order_column=%s order_type=%s', async (field, direction, column, type) => {
  const q = await sentQuery({ sort: { field, direction } });
  expect([q.order_column, q.order_type]).toEqual([column, type]);
});

test('sort without direction is DESC', async () => {
  expect((await sentQuery({ sort: { field: 'NAME' } })).order_type).toBe('desc');
});

test('page size and number become limit and offset', async () => {
  const q = await sentQuery({ page: { size: 5, number: 3 } });
  expect([q.limit, q.offset]).toEqual(['5', '10']);
});

test('the caller token and request id travel upstream', async () => {
  await h.gql('{ sharedRepositories { totalCount } }', undefined, {
    token: 'token-travels',
    headers: { 'x-request-id': 'req-123' },
  });
  const headers = listCalls(h.sim)[0]!.headers;
  expect(headers['x-auth-token']).toBe('token-travels');
  expect(headers['x-request-id']).toBe('req-123');
});

test('Authorization: Bearer is accepted as the token', async () => {
  await h.gql('{ sharedRepositories { totalCount } }', undefined, {
    token: null,
    headers: { authorization: 'Bearer bearer-token-1' },
  });
  expect(listCalls(h.sim)[0]!.headers['x-auth-token']).toBe('bearer-token-1');
});

test('aliases asking for the same page make one upstream call', async () => {
  const result = await h.gql(
    '{ a: sharedRepositories { totalCount } b: sharedRepositories { nodes { name } } }',
  );
  expect(result.body.errors).toBeUndefined();
  expect(listCalls(h.sim)).toHaveLength(1);
});
