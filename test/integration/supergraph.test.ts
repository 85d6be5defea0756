import type { RecordedRequest, SimulatedRepository, Simulator } from '../../src/simulator';
import type { DeploymentData } from '../helpers/deployments';
import { listCalls } from '../helpers/harness';
import { type RouterResult, type Supergraph, startSupergraph } from '../helpers/supergraph';

/** A tenant whose THIRD_PARTY list has three namespaces of at least ten repositories each. */
const TOKEN = 'fed-token-1';
const PER_NAMESPACE = 10;
const MISSING = { namespace: '', name: 'no-such-repository' };

/**
 * 30 real repositories from the three largest namespaces, interleaved (so order across groups matters),
 * plus one reference to a repository that does not exist, in the middle.
 */
function pickDeployments(sim: Simulator): DeploymentData[] {
  const byNamespace = new Map<string, SimulatedRepository[]>();
  for (const r of sim.dataset(TOKEN, 'thirdparty')) {
    byNamespace.set(r.namespace, [...(byNamespace.get(r.namespace) ?? []), r]);
  }
  const groups = [...byNamespace.values()].sort((a, b) => b.length - a.length).slice(0, 3);
  if (groups.length < 3 || groups.some((g) => g.length < PER_NAMESPACE)) {
    throw new Error(`${TOKEN} no longer has three namespaces of ${PER_NAMESPACE}: pick another token`);
  }
  const images = Array.from({ length: PER_NAMESPACE }, (_, i) =>
    groups.map((g) => g[i] as SimulatedRepository),
  )
    .flat()
    .map((r) => ({ namespace: r.namespace, name: r.name }));
  MISSING.namespace = images[0]?.namespace ?? '';
  images.splice(15, 0, MISSING);
  return images.map((image, i) => ({ id: `deployment-${i}`, image }));
}

const QUERY = '{ deployments { id image { namespace name path tags status domainName } } }';

interface Deployment {
  id: string;
  image: {
    namespace: string;
    name: string;
    path: string;
    tags: string[];
    status: boolean;
    domainName: string;
  } | null;
}

let supergraph: Supergraph;
let deployments: DeploymentData[];
let result: RouterResult;
let calls: RecordedRequest[];

beforeAll(async () => {
  supergraph = await startSupergraph((sim) => {
    deployments = pickDeployments(sim);
    return deployments;
  });
  supergraph.swr.sim.reset();
  result = await supergraph.query(QUERY, TOKEN);
  calls = listCalls(supergraph.swr.sim);
});

afterAll(() => supergraph.close());

const answered = () => (result.data?.deployments ?? []) as Deployment[];

test('a query starting in the deployments subgraph gets each image from the SWR subgraph, in order', () => {
  expect(result.errors).toBeUndefined();
  const byKey = new Map(
    supergraph.swr.sim.dataset(TOKEN, 'thirdparty').map((r) => [`${r.namespace}/${r.name}`, r] as const),
  );
  const expected = deployments.map((d) => {
    const r = byKey.get(`${d.image.namespace}/${d.image.name}`);
    return {
      id: d.id,
      image: r
        ? {
            namespace: r.namespace,
            name: r.name,
            path: r.path,
            tags: r.tags,
            status: r.status,
            domainName: r.domain_name,
          }
        : null,
    };
  });
  expect(expected.filter((d) => d.image !== null)).toHaveLength(30);
  expect(answered()).toEqual(expected);
});

test('a reference to a repository the caller does not have is null, not an error', () => {
  const missing = answered().find((d) => d.id === 'deployment-15');
  expect(missing).toEqual({ id: 'deployment-15', image: null });
  expect(result.errors).toBeUndefined();
});

test('31 references across 3 namespaces cost 3 upstream calls, one per namespace', () => {
  const namespaces = new Set(deployments.map((d) => d.image.namespace));
  expect(namespaces.size).toBe(3);
  expect(calls).toHaveLength(3);
  expect(new Set(calls.map((c) => c.query.namespace))).toEqual(namespaces);
  for (const call of calls) {
    expect(call.query).toMatchObject({ center: 'thirdparty', limit: '1000', offset: '0' });
  }
});

test('the router forwards the caller token to the SWR subgraph, which sends it upstream', () => {
  expect(calls.map((c) => c.headers['x-auth-token'])).toEqual([TOKEN, TOKEN, TOKEN]);
});

function expectImagesUnauthenticated(r: RouterResult): void {
  const data = (r.data?.deployments ?? []) as Deployment[];
  expect(data.map((d) => d.id)).toEqual(deployments.map((d) => d.id));
  expect(data.every((d) => d.image === null)).toBe(true);
  expect(r.errors).toHaveLength(deployments.length);
  for (const [i, error] of (r.errors ?? []).entries()) {
    expect(error.path).toEqual(['deployments', i, 'image']);
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  }
}

test('an invalid token yields UNAUTHENTICATED on the image fields only; deployments still answer', async () => {
  supergraph.swr.sim.reset();
  expectImagesUnauthenticated(await supergraph.query(QUERY, 'expired-fed-token'));
  expect(listCalls(supergraph.swr.sim)).toHaveLength(3);
});

test('without a token the image fields are UNAUTHENTICATED and SWR is never called', async () => {
  supergraph.swr.sim.reset();
  expectImagesUnauthenticated(await supergraph.query(QUERY));
  expect(listCalls(supergraph.swr.sim)).toHaveLength(0);
});
