import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import documented from '../fixtures/shared-repositories-example.json';
import { startGatewayOver } from '../helpers/gateway';

/**
 * The simulator and the client each restate the wire on their own; this holds both to the API reference's own
 * example response instead of to each other. A field the simulator names or types differently from the page, or
 * one the client misreads, fails here.
 */
const [example] = documented.body;
if (example === undefined) throw new Error('the fixture holds the documented example element');

type JsonType = 'null' | 'array' | 'object' | 'integer' | 'number' | 'string' | 'boolean';

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Every place `actual` departs from `reference` in keys or JSON types; array items follow the first item. */
function departures(actual: unknown, reference: unknown, where: string): string[] {
  const [got, want] = [jsonType(actual), jsonType(reference)];
  if (got !== want) return [`${where}: ${got}, documented ${want}`];
  if (want === 'array') {
    const item = (reference as unknown[])[0];
    return (actual as unknown[]).flatMap((value, i) => departures(value, item, `${where}[${i}]`));
  }
  if (want !== 'object') return [];
  const [a, r] = [actual as Record<string, unknown>, reference as Record<string, unknown>];
  const extra = Object.keys(a).filter((key) => !Object.hasOwn(r, key));
  return [
    ...extra.map((key) => `${where}.${key}: not documented`),
    ...Object.keys(r).flatMap((key) =>
      Object.hasOwn(a, key) ? departures(a[key], r[key], `${where}.${key}`) : [`${where}.${key}: missing`],
    ),
  ];
}

const TOKEN = 'wire-contract-tenant';
const LIST_QUERY = 'limit=100&offset=0&order_column=updated_at&order_type=desc';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('what the simulator emits', () => {
  test.each(['self', 'thirdparty'])(
    'has the documented keys and types, element by element (%s)',
    async (center) => {
      const response = await fetch(
        `${sim.url}/v2/manage/shared-repositories?center=${center}&${LIST_QUERY}`,
        { headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN } },
      );
      expect(response.status).toBe(200);
      const body: unknown = await response.json();
      expect((body as unknown[]).length).toBeGreaterThan(0);
      expect(departures(body, documented.body, '$')).toEqual([]);
    },
  );

  test('the comparison reports a renamed, a missing and a retyped field', () => {
    const { num_images: _numImages, tags: _tags, ...rest } = example;
    const drifted = { ...rest, numImages: 1, tags: 'v1,v2', size: '115645792' };
    expect(departures([drifted], documented.body, '$')).toEqual([
      '$[0].numImages: not documented',
      '$[0].size: string, documented integer',
      '$[0].num_images: missing',
      '$[0].tags: string, documented array',
    ]);
  });
});

describe("what the gateway's client makes of the documented example", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGatewayOver(sim);
  });
  afterAll(() => gateway.close());

  type Element = typeof example;
  /** The GraphQL field each documented key reaches (`total_range` becomes the connection's count). */
  const FIELDS: Record<keyof Element, string> = {
    name: 'name',
    category: 'category',
    description: 'description',
    size: 'size',
    is_public: 'isPublic',
    num_images: 'numImages',
    num_download: 'numDownload',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
    logo: 'logo',
    url: 'url',
    path: 'path',
    internal_path: 'internalPath',
    domain_name: 'domainName',
    namespace: 'namespace',
    tags: 'tags',
    status: 'status',
    total_range: 'totalCount',
  };

  /** The value a documented key must have in GraphQL: the enum in upper case, a reserved "" as null. */
  function expectedValue(element: Element, key: keyof Element): unknown {
    if (key === 'category') return element.category.toUpperCase();
    if ((key === 'logo' || key === 'url') && element[key] === '') return null;
    return element[key];
  }

  /** The example with no two fields alike (it repeats 1, 0 and ""), so a field read from its neighbour shows. */
  const distinct: Element = {
    ...example,
    description: 'a description',
    num_images: 2,
    num_download: 3,
    total_range: 4,
    logo: 'https://logo.example/logo.png',
    url: 'https://logo.example/url.png',
  };

  test('every documented key is mapped here', () => {
    expect(Object.keys(FIELDS).sort()).toEqual(Object.keys(example).sort());
  });

  test.each([
    ['as documented', example],
    ['with every value distinct', distinct],
  ])(
    'the example %s, served by the upstream, reaches GraphQL key by key with its value',
    async (label, element) => {
      sim.faults.enqueue({ kind: 'respond', status: 200, body: [element] });
      const nodeFields = Object.values(FIELDS).filter((field) => field !== 'totalCount');
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-auth-token': `${TOKEN}-${label.replaceAll(' ', '-')}`,
        },
        body: JSON.stringify({
          query: `query Documented { sharedRepositories { totalCount nodes { ${nodeFields.join(' ')} } } }`,
        }),
      });
      const { data, errors } = (await response.json()) as {
        data?: { sharedRepositories: { totalCount: number; nodes: Record<string, unknown>[] } };
        errors?: unknown[];
      };
      expect(errors).toBeUndefined();
      const connection = data?.sharedRepositories;
      expect(connection?.nodes).toHaveLength(1);
      const reached: Record<string, unknown> = {
        ...connection?.nodes[0],
        totalCount: connection?.totalCount,
      };
      for (const [key, field] of Object.entries(FIELDS)) {
        const value = expectedValue(element, key as keyof Element);
        expect({ key, value: reached[field] }).toEqual({ key, value });
      }
    },
  );
});
