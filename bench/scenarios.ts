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

export interface BenchRequest {
  body: string;
  token: string;
}

export function hotRequest(size: number, token: string): BenchRequest {
  return {
    token,
    body: JSON.stringify({ query: pageQuery(), variables: { center: 'SELF', page: { size } } }),
  };
}

const SORTS = ['NAME', 'UPDATED_AT', 'TAG_COUNT'].flatMap((field) =>
  ['ASC', 'DESC'].map((direction) => ({ field, direction })),
);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The i-th distinct query of the cold scenario: varies name filter, page, sort and center. */
export function coldRequest(i: number, token: string): BenchRequest {
  const name =
    LETTERS.charAt(i % LETTERS.length) + LETTERS.charAt(Math.floor(i / LETTERS.length) % LETTERS.length);
  const rest = Math.floor(i / (LETTERS.length * LETTERS.length));
  const variables = {
    center: rest % 2 === 0 ? 'SELF' : 'THIRD_PARTY',
    name,
    sort: SORTS[Math.floor(rest / 2) % SORTS.length],
    page: { size: 20, number: 1 + (Math.floor(rest / 12) % 3) },
  };
  return { token, body: JSON.stringify({ query: pageQuery(), variables }) };
}

/** The mixed scenario: `tokens` × `queries` distinct (token, query) pairs, interleaved. */
export function mixedRequest(i: number, tokens: number, queries: number, prefix: string): BenchRequest {
  const t = i % tokens;
  const q = Math.floor(i / tokens) % queries;
  const sort = SORTS[q % SORTS.length];
  return {
    token: `${prefix}-${t}`,
    body: JSON.stringify({
      query: pageQuery(),
      variables: {
        center: q % 2 === 0 ? 'SELF' : 'THIRD_PARTY',
        sort,
        page: { size: 20, number: 1 + (q % 2) },
      },
    }),
  };
}
