import { Client, cacheExchange, fetchExchange, type OperationResult } from '@urql/core';
import {
  RepositoriesAfterDocument,
  type RepositoriesAfterQuery,
  RepositoriesPageDocument,
  type RepositoriesPageQuery,
  type RepositoryItemFragment,
  type SharedRepositoryCenter,
  type SharedRepositorySort,
} from './gql/graphql';

/**
 * A typed client for the gateway, as a frontend would write it: urql, operations in `.graphql` files,
 * types generated from the gateway's `schema.graphql`. Nothing here is specific to Node.
 */
export function createGatewayClient(url: string, token: string): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    // Queries go as GET: the gateway answers with an ETag, so a browser revalidates instead of re-downloading.
    preferGetMethod: 'within-url-limit',
    fetchOptions: () => ({ headers: { 'x-auth-token': token } }),
  });
}

/** The data, or the error: GraphQL errors (with `extensions.code`) and network errors arrive as one `CombinedError`. */
function dataOf<Data>(result: OperationResult<Data>): Data {
  if (result.error) throw result.error;
  if (!result.data) throw new Error('The gateway answered without data.');
  return result.data;
}

export interface ListOptions {
  center?: SharedRepositoryCenter;
  /** Items per page (1 to the gateway's maximum). */
  size: number;
  sort?: SharedRepositorySort;
}

export type CursorPage = RepositoriesAfterQuery['sharedRepositories'];
export type NumberedPage = RepositoriesPageQuery['sharedRepositories'];

/** One page after a cursor; `null` gives the first page. */
export async function pageAfter(
  client: Client,
  after: string | null,
  options: ListOptions,
): Promise<CursorPage> {
  const result = await client
    .query(RepositoriesAfterDocument, { center: options.center ?? 'SELF', ...options, after })
    .toPromise();
  return dataOf(result).sharedRepositories;
}

/** Every page in order, each continuing from the previous page's `endCursor`, until `hasNextPage` is false. */
export async function* pagesByCursor(client: Client, options: ListOptions): AsyncGenerator<CursorPage> {
  let after: string | null = null;
  do {
    const page = await pageAfter(client, after, options);
    yield page;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
}

/** The whole list, walked page by page with cursors. */
export async function allRepositories(
  client: Client,
  options: ListOptions,
): Promise<{ totalCount: number; pages: number; items: RepositoryItemFragment[] }> {
  const items: RepositoryItemFragment[] = [];
  let totalCount = 0;
  let pages = 0;
  for await (const page of pagesByCursor(client, options)) {
    items.push(...page.nodes);
    totalCount = page.totalCount;
    pages += 1;
  }
  return { totalCount, pages, items };
}

/** One page by its 1-based number: page links and "jump to last". */
export async function pageByNumber(
  client: Client,
  number: number,
  options: ListOptions,
): Promise<NumberedPage> {
  const result = await client
    .query(RepositoriesPageDocument, { center: options.center ?? 'SELF', ...options, number })
    .toPromise();
  return dataOf(result).sharedRepositories;
}
