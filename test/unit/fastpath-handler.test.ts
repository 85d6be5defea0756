import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UpstreamCache } from '../../src/cache';
import { createFastPath } from '../../src/fastpath/handler';
import { ResultCache } from '../../src/fastpath/resultCache';
import { createLogger } from '../../src/logger';
import { createETagSigner } from '../../src/plugins/etag';
import { LogCapture } from '../helpers/logs';

let server: Server;
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A fast path whose direct execution throws, in front of a stand-in for yoga that echoes the body it got. */
async function start(logs: LogCapture): Promise<string> {
  const handle = createFastPath({
    results: new ResultCache({ maxEntries: 10, maxBytes: 100_000 }),
    cache: { ownerOf: () => 'owner', isCurrent: () => false } as unknown as UpstreamCache,
    etag: createETagSigner(),
    logger: createLogger('info', logs),
    graphqlEndpoint: '/graphql',
    maxBodyBytes: 64 * 1024,
    execute: () => {
      throw new Error('a bug in the fast path');
    },
    enabled: () => true,
    onServed: () => {},
  });
  server = createServer((req, res) => {
    void handle(req, res, () => res.end(`yoga got ${(req as IncomingMessage & { body?: Buffer }).body}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

test('a failure inside the fast path hands the request, body included, to the full pipeline and is logged', async () => {
  const logs = new LogCapture();
  const url = await start(logs);
  const body = JSON.stringify({ query: '{ sharedRepositories { totalCount } }' });
  for (let i = 0; i < 2; i++) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': 'tok' },
      body,
    });
    expect(await r.text()).toBe(`yoga got ${body}`);
  }
  const failures = logs
    .entries()
    .filter((e) => e.msg === 'fast path failed; the request goes to the full pipeline');
  expect(failures).toHaveLength(2);
  expect(failures[0]?.error).toBe('Error: a bug in the fast path');
  expect(logs.text).not.toContain('tok"');
});

test('a repeated small body is parsed once, into a frozen operation every request with that body shares', async () => {
  const seen: { variables?: Record<string, unknown> | null }[] = [];
  const handle = createFastPath({
    results: new ResultCache({ maxEntries: 10, maxBytes: 100_000 }),
    cache: {
      ownerOf: (c: { identity: string }) => c.identity,
      isCurrent: () => false,
    } as unknown as UpstreamCache,
    etag: createETagSigner(),
    logger: createLogger('silent'),
    graphqlEndpoint: '/graphql',
    maxBodyBytes: 64 * 1024,
    execute: async (_req, _res, op) => {
      seen.push(op);
      return undefined; // to yoga
    },
    enabled: () => true,
    onServed: () => {},
  });
  server = createServer((req, res) => {
    void handle(req, res, () => res.end('yoga'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = (token: string, body: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body,
    });
  const small = JSON.stringify({
    query: 'query Q($page: PageInput) { a }',
    variables: { page: { size: 5 } },
  });
  const large = JSON.stringify({
    query: `query Q { a }${' '.repeat(5000)}`,
    variables: { page: { size: 5 } },
  });
  for (const token of ['alice', 'bob']) await (await post(token, small)).text();
  for (const token of ['alice', 'bob']) await (await post(token, large)).text();
  const [a, b, c, d] = seen;
  expect(a).toBe(b);
  expect(Object.isFrozen(a) && Object.isFrozen(a?.variables) && Object.isFrozen(a?.variables?.page)).toBe(
    true,
  );
  // Bodies past the memo's size limit are parsed per request.
  expect(c).not.toBe(d);
  expect(c).toEqual(d);
});
