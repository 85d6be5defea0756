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
