/**
 * What GraphiQL opens with: the default operation (paging and sorting) and one tab per example a frontend
 * developer needs first. Operation names become the tab titles.
 */

/** The first tab: one page, explicitly sorted, with everything needed to page on. */
export const DEFAULT_QUERY = `# Shared images, newest first, 10 per page.
# Run: the ▶ button or Ctrl+Enter. Other tabs:
# page jump, cursor continuation, third-party
# shares, one namespace. Your SWR token goes
# into Headers as X-Auth-Token.
query FirstPage {
  sharedRepositories(
    center: SELF
    page: { size: 10 }
    sort: { field: UPDATED_AT, direction: DESC }
  ) {
    totalCount
    pageNumber
    pageCount
    pageInfo { hasNextPage endCursor }
    nodes {
      namespace
      name
      category
      size
      updatedAt
      images { reference }
    }
  }
}
`;

const PAGE_JUMP = `# Jump to a page by number (1-based);
# pageCount says how many pages there are.
query PageJump($number: Int!) {
  sharedRepositories(
    page: { size: 10, number: $number }
    sort: { field: NAME, direction: ASC }
  ) {
    pageNumber
    pageCount
    nodes { namespace name }
  }
}
`;

const CURSOR_CONTINUATION = `# Continue where a page ended: copy its
# pageInfo.endCursor into the variable "after"
# (null starts at the beginning). Keep the other
# arguments: a cursor belongs to its query.
query NextPage($after: String) {
  sharedRepositories(page: { size: 10, after: $after }) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { namespace name updatedAt } }
  }
}
`;

const THIRD_PARTY = `# What other accounts share with you, most tags
# first. status: false means the share expired.
query SharedWithMe {
  sharedRepositories(
    center: THIRD_PARTY
    page: { size: 10 }
    sort: { field: TAG_COUNT, direction: DESC }
  ) {
    totalCount
    nodes { domainName namespace name status numImages tags }
  }
}
`;

const SINGLE_NAMESPACE = `# One organization (exact namespace), optionally
# only names containing "name".
query OneNamespace($namespace: String!, $name: String) {
  sharedRepositories(
    namespace: $namespace
    name: $name
    sort: { field: NAME, direction: ASC }
  ) {
    totalCount
    nodes { name category numImages path }
  }
}
`;

export interface ExampleTab {
  query: string;
  variables?: string;
}

/**
 * The example tabs in order, the default operation first. `namespace` fills the single-namespace example; in
 * embedded mode it is one the demo token really owns, elsewhere a placeholder to replace.
 */
export function exampleTabs(namespace: string): ExampleTab[] {
  const vars = (value: Record<string, unknown>) => JSON.stringify(value, null, 2);
  return [
    { query: DEFAULT_QUERY },
    { query: PAGE_JUMP, variables: vars({ number: 2 }) },
    { query: CURSOR_CONTINUATION, variables: vars({ after: null }) },
    { query: THIRD_PARTY },
    { query: SINGLE_NAMESPACE, variables: vars({ namespace, name: null }) },
  ];
}
