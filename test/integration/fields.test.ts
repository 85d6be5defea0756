import type { SimulatedRepository } from '../../src/simulator';
import { type Harness, harnessPerTest, TOKEN } from '../helpers/harness';

const ALL_FIELDS = `id name namespace category description size isPublic numImages numDownload createdAt updatedAt
  logo url path internalPath domainName tags status images { tag reference }`;

// A fresh gateway per test: no cached page or kept result carries from one test to the next.
const harness = harnessPerTest();
let h: Harness;
beforeEach(() => {
  h = harness();
});

type Node = Record<string, unknown>;

async function allNodes(center: 'SELF' | 'THIRD_PARTY'): Promise<Node[]> {
  const r = await h.gql(
    `query($c: SharedRepositoryCenter!) { sharedRepositories(center: $c, page: { size: 100 }) { totalCount nodes { ${ALL_FIELDS} } } }`,
    { c: center },
  );
  expect(r.body.errors).toBeUndefined();
  const conn = r.body.data?.sharedRepositories as { totalCount: number; nodes: Node[] };
  expect(conn.nodes.length).toBe(conn.totalCount);
  return conn.nodes;
}

/** What the gateway must make of one upstream element, written independently of the gateway's mapping. */
function expected(w: SimulatedRepository): Node {
  return {
    name: w.name,
    namespace: w.namespace,
    category: w.category.toUpperCase(),
    description: w.description,
    size: w.size,
    isPublic: w.is_public,
    numImages: w.num_images,
    numDownload: w.num_download,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    logo: w.logo === '' ? null : w.logo,
    url: w.url === '' ? null : w.url,
    path: w.path,
    internalPath: w.internal_path,
    domainName: w.domain_name,
    tags: w.tags,
    status: w.status,
    images: w.tags.map((tag) => ({ tag, reference: `${w.path}:${tag}` })),
  };
}

test.each(['SELF', 'THIRD_PARTY'] as const)('every upstream field is mapped for %s', async (center) => {
  const nodes = await allNodes(center);
  const wire = h.sim.dataset(TOKEN, center === 'SELF' ? 'self' : 'thirdparty');
  expect(nodes).toHaveLength(wire.length);
  const byKey = new Map(nodes.map((n) => [`${n.namespace}/${n.name}`, n]));
  for (const w of wire) {
    const { id: _id, ...node } = byKey.get(`${w.namespace}/${w.name}`) ?? {};
    expect(node).toEqual(expected(w));
  }
});

test('a size above 2^31 arrives exactly, as a JSON number', async () => {
  const wire = h.sim.dataset(TOKEN, 'self').find((w) => Number(w.size) > 2 ** 32);
  expect(wire).toBeDefined();
  const response = await h.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ query: '{ sharedRepositories(page: { size: 100 }) { nodes { name size } } }' }),
  });
  const text = await response.text();
  expect(text).toContain(`"name":"${wire!.name}","size":${wire!.size}}`);
});

test('a 64-bit value beyond 2^53 is returned as an exact decimal string', async () => {
  const [sample] = h.sim.dataset(TOKEN, 'self');
  const huge = { ...sample, size: 0, num_download: 0, total_range: 1 };
  const body = JSON.stringify([huge])
    .replace('"size":0', '"size":18446744073709551615')
    .replace('"num_download":0', '"num_download":9007199254740993');
  h.sim.faults.enqueue({
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const r = await h.gql('{ sharedRepositories { nodes { size numDownload } } }');
  expect(r.body.data?.sharedRepositories).toEqual({
    nodes: [{ size: '18446744073709551615', numDownload: '9007199254740993' }],
  });
});

test('an unknown category maps to OTHER and is logged, not a failure', async () => {
  const [sample] = h.sim.dataset(TOKEN, 'self');
  h.sim.faults.enqueue({
    kind: 'respond',
    status: 200,
    body: [{ ...sample, category: 'quantum', total_range: 1 }],
  });
  const r = await h.gql('{ sharedRepositories { nodes { category } } }');
  expect(r.body.data?.sharedRepositories).toEqual({ nodes: [{ category: 'OTHER' }] });
  expect(h.logs.text).toContain('"category":"quantum"');
});

test('timestamps keep their form: with and without microseconds', async () => {
  const nodes = await allNodes('SELF');
  const stamps = nodes.map((n) => n.updatedAt as string);
  expect(stamps.some((s) => /\.\d{6}Z$/.test(s))).toBe(true);
  expect(stamps.some((s) => /:\d{2}Z$/.test(s))).toBe(true);
});

test('ids are stable across requests and unique', async () => {
  const a = (await allNodes('SELF')).map((n) => n.id);
  const b = (await allNodes('SELF')).map((n) => n.id);
  expect(a).toEqual(b);
  expect(new Set(a).size).toBe(a.length);
});

test('every category, WINDOWS included, reaches the client', async () => {
  const categories = new Set((await allNodes('SELF')).map((n) => n.category));
  for (const c of ['APP_SERVER', 'LINUX', 'FRAMEWORK_APP', 'DATABASE', 'LANG', 'ARM', 'WINDOWS', 'OTHER']) {
    expect(categories).toContain(c);
  }
});
