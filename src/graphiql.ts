/** What GraphiQL opens with: a query that shows paging and sorting. */
export const DEFAULT_QUERY = `# Shared images, newest first, 10 per page.
# Continue with page: { size: 10, after: "<pageInfo.endCursor>" }, or jump with page: { size: 10, number: 3 }.
query SharedImages {
  sharedRepositories(center: SELF, page: { size: 10 }, sort: { field: UPDATED_AT, direction: DESC }) {
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
