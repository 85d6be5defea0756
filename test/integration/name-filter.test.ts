import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { SHARED_REPOSITORIES_PATH } from '../../src/simulator/wire';
import { startGatewayOver } from '../helpers/gateway';

/**
 * `name` is a substring filter in SWR: any part of a valid repository name may be searched for, `-web` or `tools/`
 * included, and SWR answers every repository whose name contains it. `namespace` stays an exact match.
 */
const TOKEN = 'name-filter-tenant';
const QUERY = `query Search($name: String, $center: SharedRepositoryCenter!) {
  sharedRepositories(name: $name, center: $center, page: { size: 100 }, sort: { field: NAME, direction: ASC }) {
    totalCount
    nodes { namespace name }
  }
}`;

let sim: Simulator;
let gateway: RunningGateway;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gateway = await startGatewayOver(sim);
});
afterAll(async () => {
  await gateway.close();
  await sim.close();
});
beforeEach(() => sim.reset());

interface Found {
  totalCount: number;
  nodes: { namespace: string; name: string }[];
}

async function search(name: string, center: 'SELF' | 'THIRD_PARTY' = 'SELF') {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ query: QUERY, operationName: 'Search', variables: { name, center } }),
  });
  return (await response.json()) as { data?: { sharedRepositories: Found }; errors?: unknown[] };
}

/** The simulator's own list, filtered by substring: what SWR answers. */
function containing(part: string, center: 'self' | 'thirdparty') {
  return sim
    .dataset(TOKEN, center)
    .filter((r) => r.name.includes(part))
    .map(({ namespace, name }) => ({ namespace, name }));
}

const byName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  a.name === b.name ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : 1;

test.each([
  ['-web', 'SELF'],
  ['-web', 'THIRD_PARTY'],
  ['-', 'SELF'],
] as const)(
  'name %p answers every %s repository whose name contains it, not BAD_USER_INPUT',
  async (part, center) => {
    const expected = containing(part, center === 'SELF' ? 'self' : 'thirdparty').sort(byName);
    expect(expected.length).toBeGreaterThan(0);
    const result = await search(part, center);
    expect(result.errors).toBeUndefined();
    expect(result.data?.sharedRepositories).toEqual({ totalCount: expected.length, nodes: expected });
    const [call] = sim.requests.filter((r) => r.path === SHARED_REPOSITORIES_PATH);
    expect(call?.query.name).toBe(part);
  },
);

test('-web does not match rails.web: the match is on the characters, separator included', async () => {
  const result = await search('-web');
  const names = result.data?.sharedRepositories.nodes.map((node) => node.name) ?? [];
  expect(sim.dataset(TOKEN, 'self').some((r) => r.name === 'rails.web')).toBe(true);
  expect(names).not.toContain('rails.web');
  expect(names).toContain('portal-web');
});

test('a part ending in / is sent with $ and finds the repositories under that path', async () => {
  const expected = containing('tools/', 'self').sort(byName);
  expect(expected.map((r) => r.name)).toContain('tools/builder');
  const result = await search('tools/');
  expect(result.data?.sharedRepositories.nodes).toEqual(expected);
  const [call] = sim.requests.filter((r) => r.path === SHARED_REPOSITORIES_PATH);
  expect(call?.query.name).toBe('tools$');
});
