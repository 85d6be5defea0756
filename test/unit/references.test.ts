import { GraphQLError } from 'graphql';
import { createLogger } from '../../src/logger';
import {
  MAX_PAGES_PER_NAMESPACE,
  REFERENCE_PAGE_LIMIT,
  type RepositoryKey,
  repositoryKeyOf,
  resolveReferences,
} from '../../src/repositories/references';
import type { ListResult } from '../../src/swr/client';
import { repositoryId, type SharedRepository } from '../../src/swr/mapping';
import { UpstreamError } from '../../src/swr/upstreamError';
import type { WireListQuery } from '../../src/swr/wire';
import { LogCapture } from '../helpers/logs';

function repository(namespace: string, name: string): SharedRepository {
  return {
    id: repositoryId(namespace, name),
    name,
    namespace,
    category: 'OTHER',
    description: '',
    size: 0,
    isPublic: false,
    numImages: 0,
    numDownload: 0,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    logo: null,
    url: null,
    path: `swr.example.com/${namespace}/${name}`,
    internalPath: `10.0.0.1:20202/${namespace}/${name}`,
    domainName: 'acct',
    tags: [],
    status: true,
  };
}

/** An in-memory upstream that pages like SWR and records every query. */
function fakeUpstream(all: SharedRepository[]) {
  const queries: WireListQuery[] = [];
  const failing = new Set<string>();
  const loadPage = async (q: WireListQuery): Promise<ListResult> => {
    queries.push(q);
    if (q.namespace !== undefined && failing.has(q.namespace)) {
      throw new UpstreamError('http', 'upstream status 401', { status: 401 });
    }
    const matches = all
      .filter((r) => q.namespace === undefined || r.namespace === q.namespace)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      items: matches.slice(q.offset, q.offset + q.limit),
      total: matches.length,
      upstreamRequestId: undefined,
    };
  };
  return { queries, failing, loadPage };
}

const logs = new LogCapture();
const logger = createLogger('debug', logs);
/** Resolve `namespace/name` keys through SELF against a fake upstream. */
const resolve = (up: ReturnType<typeof fakeUpstream>, ...keys: string[]) =>
  resolveReferences(
    keys.map((k) => ({ namespace: k.slice(0, k.indexOf('/')), name: k.slice(k.indexOf('/') + 1) })),
    'self',
    up.loadPage,
    logger,
  );
const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

test('references are grouped by namespace: one call per namespace, answers in key order', async () => {
  const all = [
    ...names('a', 20).map((n) => repository('ns-a', n)),
    ...names('b', 20).map((n) => repository('ns-b', n)),
  ];
  const up = fakeUpstream(all);
  const keys: RepositoryKey[] = [
    { namespace: 'ns-b', name: 'b00003' },
    { namespace: 'ns-a', name: 'a00011' },
    { namespace: 'ns-b', name: 'b00019' },
    { namespace: 'ns-a', name: 'a00000' },
  ];
  const result = await resolveReferences(keys, 'thirdparty', up.loadPage, logger);
  expect(result.map((r) => (r instanceof Error || r === null ? r : `${r.namespace}/${r.name}`))).toEqual([
    'ns-b/b00003',
    'ns-a/a00011',
    'ns-b/b00019',
    'ns-a/a00000',
  ]);
  expect(up.queries).toHaveLength(2);
  for (const q of up.queries) {
    expect(q).toMatchObject({
      center: 'thirdparty',
      limit: REFERENCE_PAGE_LIMIT,
      offset: 0,
      order_column: 'name',
    });
  }
});

test('a missing repository is null and the rest of the batch still resolves', async () => {
  const up = fakeUpstream(names('a', 5).map((n) => repository('ns-a', n)));
  const result = await resolve(up, 'ns-a/a00001', 'ns-a/gone', 'ns-unknown/a00001');
  expect(result[0]).toMatchObject({ namespace: 'ns-a', name: 'a00001' });
  expect(result.slice(1)).toEqual([null, null]);
});

test('a namespace beyond 1000 repositories is paged only until every wanted name is found', async () => {
  const up = fakeUpstream(names('r', 2500).map((n) => repository('big', n)));
  const result = await resolve(up, 'big/r01500');
  expect(result[0]).toMatchObject({ name: 'r01500' });
  expect(up.queries.map((q) => q.offset)).toEqual([0, 1000]);
});

test('a name a large namespace does not have reads the namespace to its end, then is null', async () => {
  const up = fakeUpstream(names('r', 2500).map((n) => repository('big', n)));
  const result = await resolve(up, 'big/zzz');
  expect(result).toEqual([null]);
  expect(up.queries.map((q) => q.offset)).toEqual([0, 1000, 2000]);
});

test('paging a namespace stops at the bound even when the upstream never runs out', async () => {
  const endless = async (q: WireListQuery): Promise<ListResult> => ({
    items: Array.from({ length: q.limit }, (_, i) => repository('huge', `x${q.offset + i}`)),
    total: 10 ** 9,
    upstreamRequestId: undefined,
  });
  let calls = 0;
  const result = await resolveReferences(
    [{ namespace: 'huge', name: 'never' }],
    'self',
    (q) => {
      calls++;
      return endless(q);
    },
    logger,
  );
  expect(result).toEqual([null]);
  expect(calls).toBe(MAX_PAGES_PER_NAMESPACE);
  expect(logs.text).toContain('namespace larger than the reference lookup bound');
});

test('a failing namespace answers its own references with the client error, other namespaces resolve', async () => {
  const up = fakeUpstream([repository('ok', 'app'), repository('bad', 'app')]);
  up.failing.add('bad');
  const result = await resolve(up, 'bad/app', 'ok/app');
  expect(result[0]).toBeInstanceOf(GraphQLError);
  expect((result[0] as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
  expect(result[1]).toMatchObject({ namespace: 'ok', name: 'app' });
});

test('keys that break SWR naming rules are null without an upstream call', async () => {
  const up = fakeUpstream([repository('ok', 'app')]);
  const result = await resolve(up, 'Not-Valid/app', 'ok/UPPER');
  expect(result).toEqual([null, null]);
  expect(up.queries).toHaveLength(0);
});

test('a representation without string namespace and name is BAD_USER_INPUT', () => {
  expect(repositoryKeyOf({ namespace: 'ok', name: 'app' })).toEqual({ namespace: 'ok', name: 'app' });
  for (const bad of [{ namespace: 'ok' }, { namespace: 1, name: 'app' }, {}]) {
    expect(() => repositoryKeyOf(bad)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  }
});
