import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';

const DOC = 'query Count { sharedRepositories { totalCount } }';
const ID = 'count-v1';
const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
const file = join(dir, 'documents.json');
writeFileSync(file, JSON.stringify({ [ID]: DOC }));

type Body = {
  data?: { sharedRepositories?: { totalCount: number } };
  errors?: { extensions?: { code?: string } }[];
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ TRUSTED_DOCUMENTS_FILE: file });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => h.sim.reset());

async function post(h_: Harness, body: unknown) {
  const r = await h_.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'x-auth-token': TOKEN,
    },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Body };
}

test('a trusted document runs by its id (Apollo persistedQuery extension)', async () => {
  const r = await post(h, { extensions: { persistedQuery: { version: 1, sha256Hash: ID } } });
  expect(r.status).toBe(200);
  expect(r.body.data?.sharedRepositories?.totalCount).toEqual(expect.any(Number));
});

test('a trusted document runs by its documentId', async () => {
  expect((await post(h, { documentId: ID })).body.data?.sharedRepositories).toBeDefined();
});

test('an arbitrary query is refused with PERSISTED_QUERY_REQUIRED and no upstream call', async () => {
  const r = await post(h, { query: DOC });
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
  expect(listCalls(h.sim)).toHaveLength(0);
});

test('an unknown id is refused with PERSISTED_QUERY_NOT_FOUND', async () => {
  const r = await post(h, { documentId: 'nope' });
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
});

test('rollout mode also runs arbitrary queries', async () => {
  const rollout = await createHarness({
    TRUSTED_DOCUMENTS_FILE: file,
    TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: 'true',
  });
  try {
    expect((await post(rollout, { query: DOC })).body.data?.sharedRepositories).toBeDefined();
    expect((await post(rollout, { documentId: ID })).body.data?.sharedRepositories).toBeDefined();
  } finally {
    await rollout.close();
  }
});
