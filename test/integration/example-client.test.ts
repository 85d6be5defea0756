import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@urql/core';
import { allRepositories, createGatewayClient, pageByNumber } from '../../examples/src/client';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import type { WireCenter } from '../../src/swr/wire';
import { LogCapture } from '../helpers/logs';

/**
 * The example frontend client (urql + generated types, `examples/`) against a real gateway in embedded mode
 * over real HTTP: the same code `npm run examples:check` runs.
 */
const run = promisify(execFile);
let gateway: RunningGateway;
let client: Client;
let token: string;
const methods: string[] = [];

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  gateway = await startGateway(config, createLogger('silent', new LogCapture()));
  gateway.server.on('request', (req) => methods.push(req.method ?? ''));
  token = config.demoToken;
  client = createGatewayClient(`${gateway.url}/graphql`, token);
});
afterAll(() => gateway.close());

const SORT = { field: 'NAME', direction: 'ASC' } as const;

/** The list as the simulator holds it, in NAME ASC order (ties on namespace): independent of the gateway. */
function expectedKeys(center: WireCenter): string[] {
  const before = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return gateway
    .simulator!.dataset(token, center)
    .sort((a, b) => before(a.name, b.name) || before(a.namespace, b.namespace))
    .map((r) => `${r.namespace}/${r.name}`);
}

test.each([
  ['SELF', 'self', 7],
  ['THIRD_PARTY', 'thirdparty', 4],
] as const)(
  'the example client walks every %s item once, in order, by cursor',
  async (center, wire, size) => {
    const expected = expectedKeys(wire);
    const { totalCount, pages, items } = await allRepositories(client, { center, size, sort: SORT });
    expect(totalCount).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / size));
    expect(items.map((item) => `${item.namespace}/${item.name}`)).toEqual(expected);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  },
);

test('the example client jumps to any page by number, the last one included', async () => {
  const expected = expectedKeys('self');
  const size = 9;
  const first = await pageByNumber(client, 1, { size, sort: SORT });
  expect(first.pageCount).toBe(Math.ceil(expected.length / size));
  for (const number of [first.pageCount, 2, Math.ceil(first.pageCount / 2)]) {
    const page = await pageByNumber(client, number, { size, sort: SORT });
    expect(page.pageNumber).toBe(number);
    expect(page.nodes.map((n) => `${n.namespace}/${n.name}`)).toEqual(
      expected.slice((number - 1) * size, number * size),
    );
  }
});

test('the example client sends its queries as GET, so ETags apply', async () => {
  methods.length = 0;
  await pageByNumber(client, 1, { size: 5, sort: SORT });
  expect(methods).toEqual(['GET']);
});

test('the example program lists every repository, then jumps to the last page', async () => {
  const { stdout } = await run(process.execPath, [
    require.resolve('tsx/cli'),
    join(__dirname, '..', '..', 'examples', 'src', 'main.ts'),
    `${gateway.url}/graphql`,
    token,
  ]);
  const lines = stdout.trim().split('\n');
  const total = expectedKeys('self').length;
  expect(lines.slice(0, total).map((line) => line.split('\t')[0])).toEqual(expectedKeys('self'));
  expect(lines[total]).toBe(`${total} of ${total} repositories in ${Math.ceil(total / 10)} pages`);
  expect(lines[total + 1]).toMatch(/^last page \((\d+)\/\1\): [1-9]\d* items$/);
});
