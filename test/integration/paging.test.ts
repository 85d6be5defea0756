import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';

const PAGE = `query($page: PageInput, $sort: SharedRepositorySort, $name: String) {
  sharedRepositories(page: $page, sort: $sort, name: $name) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { namespace name } }
  }
}`;

interface Conn {
  totalCount: number;
  pageNumber: number;
  pageCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { namespace: string; name: string } }[];
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

async function page(variables: Record<string, unknown>): Promise<Conn> {
  const r = await h.gql(PAGE, { sort: { field: 'NAME', direction: 'ASC' }, ...variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data?.sharedRepositories as Conn;
}

function keysOf(c: Conn): string[] {
  return c.edges.map((e) => `${e.node.namespace}/${e.node.name}`);
}

/** The full list as SWR orders it for NAME ASC (simulator ties break on namespace). */
function expectedOrder(): string[] {
  return h.sim
    .dataset(TOKEN, 'self')
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.namespace < b.namespace ? -1 : 1))
    .map((w) => `${w.namespace}/${w.name}`);
}

test('paging by number covers the whole list once, in order', async () => {
  const first = await page({ page: { size: 7 } });
  const seen = [...keysOf(first)];
  for (let n = 2; n <= first.pageCount; n++) {
    const c = await page({ page: { size: 7, number: n } });
    expect(c.pageNumber).toBe(n);
    expect(c.pageInfo.hasPreviousPage).toBe(true);
    expect(c.pageInfo.hasNextPage).toBe(n < first.pageCount);
    seen.push(...keysOf(c));
  }
  expect(first.totalCount).toBe(h.sim.dataset(TOKEN, 'self').length);
  expect(seen).toEqual(expectedOrder());
});

test('paging by cursor covers the whole list once, in order', async () => {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const c: Conn = await page({ page: { size: 9, after } });
    seen.push(...keysOf(c));
    expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  expect(seen).toEqual(expectedOrder());
});

test('a cursor continued at another page size still sends only aligned offsets (strict mode)', async () => {
  h.sim.setOptions({ strictOffset: true });
  const first = await page({ page: { size: 5 } });
  h.sim.reset();
  h.sim.setOptions({ strictOffset: true });
  const next = await page({ page: { size: 4, after: first.pageInfo.endCursor } });
  expect(keysOf(next)).toEqual(expectedOrder().slice(5, 9));
  for (const call of listCalls(h.sim)) expect(Number(call.query.offset) % Number(call.query.limit)).toBe(0);
});

test('totalCount falls back to Content-Range when total_range is missing', async () => {
  h.sim.setOptions({ omitTotalRange: true });
  const c = await page({ page: { size: 5 } });
  expect(c.totalCount).toBe(h.sim.dataset(TOKEN, 'self').length);
});

test('a page past the end is empty and still knows the total', async () => {
  const c = await page({ page: { size: 10, number: 50 } });
  expect(c.edges).toEqual([]);
  expect(c.totalCount).toBe(h.sim.dataset(TOKEN, 'self').length);
  expect(c.pageInfo).toEqual({
    hasNextPage: false,
    hasPreviousPage: true,
    startCursor: null,
    endCursor: null,
  });
});

test('an empty result has totalCount 0 and no pages, from one upstream call and without a warning', async () => {
  const c = await page({ name: 'zzzz-no-such-repo' });
  expect([c.totalCount, c.pageCount, c.edges.length]).toEqual([0, 0, 0]);
  expect(listCalls(h.sim)).toHaveLength(1);
  expect(h.logs.text).not.toContain('lower bound');
});

async function pagingError(variables: Record<string, unknown>) {
  const r = await h.gql(PAGE, variables);
  expect(listCalls(h.sim)).toHaveLength(0);
  return r.body.errors?.[0];
}

test('number and after together are refused before any upstream call', async () => {
  const first = await page({ page: { size: 5 } });
  h.sim.reset();
  const e = await pagingError({ page: { number: 2, after: first.pageInfo.endCursor } });
  expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('a tampered cursor is BAD_USER_INPUT', async () => {
  const first = await page({ page: { size: 5 } });
  h.sim.reset();
  const raw = Buffer.from(first.pageInfo.endCursor as string, 'base64url').toString();
  const forged = Buffer.from(raw.replace(/^v2:\d+/, 'v2:40')).toString('base64url');
  expect(forged).not.toBe(first.pageInfo.endCursor);
  const e = await pagingError({ page: { after: forged } });
  expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(e?.message).toMatch(/modified/);
});

test('garbage in page.after is BAD_USER_INPUT', async () => {
  expect((await pagingError({ page: { after: 'not a cursor!' } }))?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('a cursor of another query is BAD_USER_INPUT', async () => {
  const first = await page({ page: { size: 5 } });
  h.sim.reset();
  const e = await pagingError({ page: { after: first.pageInfo.endCursor }, sort: { field: 'TAG_COUNT' } });
  expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(e?.message).toMatch(/different query/);
});

test.each([0, -1, 101])('page size %d is refused', async (size) => {
  const e = await pagingError({ page: { size } });
  expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(e?.message).toMatch(/between 1 and 100/);
});

test('page number 0 is refused', async () => {
  expect((await pagingError({ page: { number: 0 } }))?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('MAX_PAGE_SIZE is configurable', async () => {
  const small = await createHarness({ MAX_PAGE_SIZE: '10', DEFAULT_PAGE_SIZE: '5' });
  try {
    const r = await small.gql('{ sharedRepositories(page: { size: 11 }) { totalCount } }');
    expect(r.body.errors?.[0]?.message).toMatch(/between 1 and 10\./);
    await small.gql('{ sharedRepositories { totalCount } }');
    expect(listCalls(small.sim)[0]?.query.limit).toBe('5');
  } finally {
    await small.close();
  }
});
