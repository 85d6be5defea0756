import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

/** POST under the spec's media type: request errors must be 400 there. */
async function send(query: string, variables?: Record<string, unknown>) {
  const response = await h.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'x-auth-token': TOKEN,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

async function expectRefused(query: string, code: string, variables?: Record<string, unknown>) {
  const r = await send(query, variables);
  expect(r.status).toBe(400);
  expect(r.codes).toContain(code);
  expect(r.body.data).toBeUndefined();
  expect(listCalls(h.sim)).toHaveLength(0);
}

const nest = (levels: number, inner: string) =>
  `${'... on SharedRepositoryConnection { '.repeat(levels)}${inner}${' }'.repeat(levels)}`;

test('a depth-10 query is refused with MAX_DEPTH_EXCEEDED and no upstream call', async () => {
  // sharedRepositories (1) + 8 nested fragments + totalCount (10).
  const query = `{ sharedRepositories { ${nest(8, 'totalCount')} } }`;
  await expectRefused(query, 'MAX_DEPTH_EXCEEDED');
  expect(JSON.stringify((await send(query)).body)).toContain('found 10');
});

test('a query at the default depth limit runs', async () => {
  const r = await send(`{ sharedRepositories { ${nest(2, 'edges { node { images { reference } } }')} } }`);
  expect(r.status).toBe(200);
  expect(r.codes).toEqual([]);
});

test('50 aliases are refused with MAX_ALIASES_EXCEEDED and no upstream call', async () => {
  const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: totalCount`).join(' ');
  await expectRefused(`{ sharedRepositories { ${aliases} } }`, 'MAX_ALIASES_EXCEEDED');
});

test('10,000 tokens are refused with MAX_TOKENS_EXCEEDED and no upstream call', async () => {
  // One-character tokens keep the document (20 kB) under the body cap, so the token limit is what refuses it.
  await expectRefused(
    `{ sharedRepositories(namespace: [${'1 '.repeat(10_000)}]) { totalCount } }`,
    'MAX_TOKENS_EXCEEDED',
  );
});

test('too many directives are refused with MAX_DIRECTIVES_EXCEEDED and no upstream call', async () => {
  await expectRefused(
    `{ sharedRepositories { totalCount ${'@include(if: true) '.repeat(60)} } }`,
    'MAX_DIRECTIVES_EXCEEDED',
  );
});

test('a page size of 100,000 via a variable is refused with COST_LIMIT_EXCEEDED and no upstream call', async () => {
  await expectRefused(
    'query Big($size: Int) { sharedRepositories(page: { size: $size }) { totalCount } }',
    'COST_LIMIT_EXCEEDED',
    { size: 100_000 },
  );
});

test('the cost adds up page sizes across aliases, from literals and whole-input variables', async () => {
  await expectRefused(
    `query Q($page: PageInput) {
      a: sharedRepositories(page: { size: 100 }) { totalCount }
      b: sharedRepositories(page: $page) { totalCount }
      c: sharedRepositories(page: { size: 100 }) { totalCount }
    }`,
    'COST_LIMIT_EXCEEDED',
    { page: { size: 101 } },
  );
  // The same shape within the limit executes.
  const ok = await send(
    'query Q($page: PageInput) { a: sharedRepositories(page: { size: 100 }) { totalCount } b: sharedRepositories(page: $page) { totalCount } }',
    { page: { size: 100 } },
  );
  expect(ok.codes).toEqual([]);
});

test('more sharedRepositories fields than allowed are refused with TOO_MANY_LIST_FIELDS and no upstream call', async () => {
  const fields = ['a', 'b', 'c', 'd'].map(
    (k) => `${k}: sharedRepositories(page: { size: 1 }) { totalCount }`,
  );
  await expectRefused(`{ ${fields.join(' ')} }`, 'TOO_MANY_LIST_FIELDS');
});

test('each limit is configurable', async () => {
  const strict = await createHarness({
    MAX_DEPTH: '2',
    MAX_ALIASES: '0',
    MAX_COST: '100',
    MAX_PAGE_SIZE: '50',
  });
  try {
    const post = (query: string) =>
      strict.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
        body: JSON.stringify({ query }),
      });
    const deep = (await (await post('{ sharedRepositories { pageInfo { hasNextPage } } }')).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(deep.errors[0]?.extensions.code).toBe('MAX_DEPTH_EXCEEDED');
    const aliased = (await (await post('{ sharedRepositories { n: totalCount } }')).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(aliased.errors[0]?.extensions.code).toBe('MAX_ALIASES_EXCEEDED');
  } finally {
    await strict.close();
  }
});
