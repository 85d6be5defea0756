import { allRepositories, createGatewayClient, pageByNumber } from './client';

/**
 * Lists every shared repository through the gateway, then jumps to the last page:
 *   npx tsx examples/src/main.ts [url] [token]
 * Defaults fit `npm start` (embedded simulator, demo token).
 */
async function main(): Promise<void> {
  const [url = 'http://localhost:4000/graphql', token = 'demo-token'] = process.argv.slice(2);
  const client = createGatewayClient(url, token);
  const sort = { field: 'NAME', direction: 'ASC' } as const;
  const { totalCount, pages, items } = await allRepositories(client, { size: 10, sort });
  for (const item of items) process.stdout.write(`${item.namespace}/${item.name}\t${item.category}\n`);
  process.stdout.write(`${items.length} of ${totalCount} repositories in ${pages} pages\n`);
  const first = await pageByNumber(client, 1, { size: 10, sort });
  const last = await pageByNumber(client, first.pageCount, { size: 10, sort });
  process.stdout.write(`last page (${last.pageNumber}/${last.pageCount}): ${last.nodes.length} items\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
