import type { SimulatedRepository } from '../../src/simulator';
import {
  expectedFields,
  expectedRepository,
  inOrder,
  keyOf,
  REPOSITORY_FIELDS,
  type SortField,
} from '../helpers/expected';
import { askData, DEPLOYMENTS, type Deployment, deploymentFixture, withToken } from '../helpers/matrix';

/**
 * The matrix (issue 21), queries: a list with every field mapped, paging by number, by cursor and at unaligned
 * sizes, and federation references — each in every deployment, each query asked by urql and Apollo Client twice
 * (the repeats may come from the cache, a kept result or the other replica), every answer held to the
 * simulator's data. Each test asks as callers of its own, so it meets a cold cache whatever ran before.
 */

const LIST = `query MatrixList($center: SharedRepositoryCenter!, $size: Int) {
  sharedRepositories(center: $center, page: { size: $size }) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage }
    nodes { id ${REPOSITORY_FIELDS} }
  }
}`;

const PAGE = `query MatrixPage($center: SharedRepositoryCenter!, $page: PageInput, $sort: SharedRepositorySort) {
  sharedRepositories(center: $center, page: $page, sort: $sort) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { namespace name } }
  }
}`;

const ENTITIES = `query MatrixEntities($r: [_Any!]!) {
  _entities(representations: $r) { ... on SharedRepository { namespace name status category tags updatedAt } }
}`;

interface Page {
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

type Center = 'SELF' | 'THIRD_PARTY';
type Sort = { field: SortField; direction: 'ASC' | 'DESC' };

const wire = (center: Center) => (center === 'SELF' ? 'self' : 'thirdparty');

describe.each(DEPLOYMENTS)('%s', (name) => {
  const deployment = deploymentFixture(name);
  let d: Deployment;
  beforeEach(() => {
    d = deployment();
  });

  const expectedList = (token: string, center: Center, sort?: Sort) =>
    inOrder(d.sim.dataset(token, wire(center)), sort);

  async function page(token: string, center: Center, pageInput: Record<string, unknown>, sort?: Sort) {
    const data = await askData(
      d,
      { query: PAGE, variables: { center, page: pageInput, ...(sort ? { sort } : {}) } },
      withToken(token),
    );
    return (data as { sharedRepositories: Page }).sharedRepositories;
  }

  const keysOf = (p: Page) => p.edges.map((e) => keyOf(e.node));

  test.each<Center>(['SELF', 'THIRD_PARTY'])(
    'the %s list: every field mapped, in the default order, with its counts',
    async (center) => {
      const token = `matrix-list-${center}`;
      const expected = expectedList(token, center);
      const data = (await askData(
        d,
        { query: LIST, variables: { center, size: 100 } },
        withToken(token),
      )) as {
        sharedRepositories: { nodes: ({ id: string } & Record<string, unknown>)[] } & Record<string, unknown>;
      };
      const { nodes, ...counts } = data.sharedRepositories;
      expect(counts).toEqual({
        totalCount: expected.length,
        pageNumber: 1,
        pageCount: 1,
        pageInfo: { hasNextPage: false, hasPreviousPage: false },
      });
      expect(nodes.map(({ id: _id, ...fields }) => fields)).toEqual(expected.map(expectedRepository));
      // Opaque, but one per repository.
      expect(new Set(nodes.map((n) => n.id)).size).toBe(expected.length);
    },
  );

  test('paging by number covers the list once, in order, with the right neighbours', async () => {
    const token = 'matrix-number';
    const expected = expectedList(token, 'SELF');
    const first = await page(token, 'SELF', { size: 7 });
    expect(first.pageCount).toBe(Math.ceil(expected.length / 7));
    const seen = keysOf(first);
    for (let n = 2; n <= first.pageCount; n++) {
      const p = await page(token, 'SELF', { size: 7, number: n });
      expect([p.pageNumber, p.totalCount]).toEqual([n, expected.length]);
      expect(p.pageInfo.hasPreviousPage).toBe(true);
      expect(p.pageInfo.hasNextPage).toBe(n < first.pageCount);
      seen.push(...keysOf(p));
    }
    expect(seen).toEqual(expected.map(keyOf));
  });

  /** Walk the list from `firstSize` items on, then `size` at a time after each `endCursor`, to its end. */
  async function walk(token: string, center: Center, sort: Sort, firstSize: number, size: number) {
    const seen: [string, string][] = [];
    let p = await page(token, center, { size: firstSize }, sort);
    for (let guard = 0; ; guard++) {
      expect(guard).toBeLessThan(100);
      seen.push(...keysOf(p));
      expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
      expect(p.pageInfo.hasPreviousPage).toBe(guard > 0);
      if (!p.pageInfo.hasNextPage) return seen;
      p = await page(token, center, { size, after: p.pageInfo.endCursor }, sort);
    }
  }

  test('paging by cursor (endCursor → after) walks to the end without duplicates or gaps', async () => {
    const token = 'matrix-cursor';
    const sort: Sort = { field: 'NAME', direction: 'ASC' };
    const seen = await walk(token, 'THIRD_PARTY', sort, 9, 9);
    expect(seen).toEqual(expectedList(token, 'THIRD_PARTY', sort).map(keyOf));
  });

  test('unaligned page sizes (7, then 3 at a time after the cursor) walk to the end without duplicates or gaps', async () => {
    const token = 'matrix-unaligned';
    // Many ties in the tag count: the order SWR breaks them in is what keeps the pages apart.
    const sort: Sort = { field: 'TAG_COUNT', direction: 'DESC' };
    const seen = await walk(token, 'SELF', sort, 7, 3);
    expect(seen).toEqual(expectedList(token, 'SELF', sort).map(keyOf));
  });

  test('federation references resolve to their repositories through THIRD_PARTY, unknown ones to null', async () => {
    const token = 'matrix-entities';
    const theirs = expectedList(token, 'THIRD_PARTY');
    const [mine] = expectedList(token, 'SELF');
    // One repository of each namespace shared with the caller, then two that are not.
    const picked = [...new Map(theirs.map((r) => [r.namespace, r])).values()];
    const missing = { namespace: picked[0]?.namespace ?? '', name: 'no-such-repository' };
    const refs = [...picked, mine as SimulatedRepository, missing].map((r) => ({
      __typename: 'SharedRepository',
      namespace: r.namespace,
      name: r.name,
    }));
    const data = await askData(d, { query: ENTITIES, variables: { r: refs } }, withToken(token));
    const entity = (r: SimulatedRepository) =>
      expectedFields(r, ['namespace', 'name', 'status', 'category', 'tags', 'updatedAt']);
    expect(data).toEqual({ _entities: [...picked.map(entity), null, null] });
  });
});
