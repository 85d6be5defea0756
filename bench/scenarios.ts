/** Request bodies for each benchmark scenario; shared by the orchestrator (answer checks) and the load worker. */

export const NODE_FIELDS =
  'id name namespace category description size isPublic numImages numDownload createdAt updatedAt logo url path internalPath domainName tags status images { tag reference }';

export function pageQuery(): string {
  return `query Page($center: SharedRepositoryCenter!, $name: String, $page: PageInput, $sort: SharedRepositorySort) {
  sharedRepositories(center: $center, name: $name, page: $page, sort: $sort) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { ${NODE_FIELDS} }
  }
}`;
}

/** One request of a scenario: its credential, its variables for `pageQuery`, and the bench's own JSON body of them. */
export interface BenchRequest {
  token: string;
  variables: Record<string, unknown>;
  body: string;
}

function pageRequest(token: string, variables: Record<string, unknown>): BenchRequest {
  return { token, variables, body: JSON.stringify({ query: pageQuery(), variables }) };
}

export function hotRequest(size: number, token: string): BenchRequest {
  return pageRequest(token, { center: 'SELF', page: { size } });
}

const SORTS = ['NAME', 'UPDATED_AT', 'TAG_COUNT'].flatMap((field) =>
  ['ASC', 'DESC'].map((direction) => ({ field, direction })),
);

const NAME_FILTERS = [undefined, ...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')];
const SIZES = Array.from({ length: 36 }, (_, i) => 5 + i);

/**
 * The i-th distinct query of the cold scenario: varies the name filter, page size and number (so the offset),
 * sort and center, over ~16,000 combinations — no two requests of a run share an upstream page.
 */
export function coldRequest(i: number, token: string): BenchRequest {
  let n = i;
  const pick = <T>(values: readonly T[]): T => {
    const value = values[n % values.length] as T;
    n = Math.floor(n / values.length);
    return value;
  };
  const size = pick(SIZES);
  const name = pick(NAME_FILTERS);
  const sort = pick(SORTS);
  const center = pick(['SELF', 'THIRD_PARTY']);
  // Page 2 only without a name filter: a page past the end would cost the gateway a second call (it finds
  // the real total; the baseline answers 0), which is not what a cold cache is about.
  const number = name === undefined ? pick([1, 2]) : 1;
  return pageRequest(token, { center, name, sort, page: { size, number } });
}

/** The mixed scenario: `tokens` × `queries` distinct (token, query) pairs, interleaved. */
export function mixedRequest(i: number, tokens: number, queries: number, prefix: string): BenchRequest {
  const t = i % tokens;
  const q = Math.floor(i / tokens) % queries;
  // The page size tells the queries apart (10, 11, ...); sort and center vary too.
  return pageRequest(`${prefix}-${t}`, {
    center: q % 2 === 0 ? 'SELF' : 'THIRD_PARTY',
    sort: SORTS[q % SORTS.length],
    page: { size: 10 + q },
  });
}
