import * as graphqlValues from 'graphql/execution/values';
import { request } from 'undici';
import * as resultKey from '../../src/execution/resultKey';
import * as params from '../../src/request/params';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { CLIENTS, type ClientRequest, clientRequest } from '../helpers/clients';
import { startGatewayOver } from '../helpers/gateway';
import { TOKEN, withoutCacheAges } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

/**
 * Hostile traffic stays bounded, through the gateway as it ships (front door, fast path, yoga) over real HTTP:
 * junk documents cannot push the documents in use out of the known-document table, and invalid ones never get
 * in; deep or huge variables never produce a 500 and get yoga's own answer; a large body is read and parsed once.
 */

const GQL = '/graphql';
const JSON_TYPE = 'application/json';

interface Answer {
  status: number;
  body: string;
}

let sim: Simulator;
const running: { gateway: RunningGateway; logs: LogCapture }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(running.splice(0).map(({ gateway }) => gateway.close()));
});

async function start(env: Record<string, string> = {}) {
  const logs = new LogCapture();
  const gateway = await startGatewayOver(sim, env, logs);
  running.push({ gateway, logs });
  return { gateway, logs };
}

async function send(gateway: RunningGateway, req: ClientRequest): Promise<Answer> {
  const r = await request(`${gateway.url}${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  return { status: r.statusCode, body: await r.body.text() };
}

/** A JSON POST as a hand-written `fetch` client sends it, with the body text exactly as given. */
const post = (body: string): ClientRequest => ({
  method: 'POST',
  path: GQL,
  headers: { accept: JSON_TYPE, 'content-type': JSON_TYPE, 'x-auth-token': TOKEN },
  body,
});

/** A GET with its parameters encoded as urql encodes them (`URLSearchParams`). */
const get = (query: string, variables?: string): ClientRequest => ({
  method: 'GET',
  path: `${GQL}?${new URLSearchParams(variables === undefined ? { query } : { query, variables })}`,
  headers: { accept: JSON_TYPE, 'x-auth-token': TOKEN },
});

const answered = (gateway: RunningGateway) => {
  const { kept, direct } = gateway.fastPathAnswers?.() ?? { kept: 0, direct: 0 };
  return kept + direct;
};

async function metric(gateway: RunningGateway, name: string): Promise<number> {
  const text = await (await request(`${gateway.url}/metrics`)).body.text();
  const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no metric ${name}`);
  return Number(value);
}

const knownDocuments = (gateway: RunningGateway) => metric(gateway, 'gateway_known_documents');

const endpoint = `http://gateway${GQL}`;

describe('known documents under a flood of junk', () => {
  const used = (i: number) =>
    `query Used${i}($size: Int) { sharedRepositories(page: { size: $size }) { totalCount nodes { name } } }`;
  /** The i-th used document as one real client sends it, every time the same (so its result is kept). */
  const useRequest = (i: number) =>
    clientRequest(
      CLIENTS[i % CLIENTS.length] ?? 'fetch',
      { query: used(i), variables: { size: 1 + (i % 5) } },
      TOKEN,
      endpoint,
    );

  /** Distinct documents, each sent once: valid ones and ones that fail parsing, validation or variable coercion. */
  function junk(j: number): ClientRequest {
    const client = CLIENTS[j % CLIENTS.length] ?? 'fetch';
    const op = (query: string, variables?: Record<string, unknown>) =>
      clientRequest(client, { query, ...(variables ? { variables } : {}) }, TOKEN, endpoint);
    switch (j % 5) {
      case 0:
        return op(`query Junk${j} { j${j}: sharedRepositories(page: { size: 1 }) { totalCount } }`);
      case 1:
        return op(`query Name${j} { __typename }`);
      case 2:
        return post(JSON.stringify({ query: `{ sharedRepositories(page: { size: ${j} }) { totalCount }` }));
      case 3:
        return post(JSON.stringify({ query: `{ sharedRepositories { nope${j} } }` }));
      default:
        return op(
          `query Coerce${j}($size: Int) { sharedRepositories(page: { size: $size }) { totalCount } }`,
          { size: `many-${j}` },
        );
    }
  }

  test('documents in use stay known and answered by the fast path after 2,000 distinct junk documents', async () => {
    const { gateway } = await start({ KNOWN_DOCUMENTS_MAX_ENTRIES: '64' });
    const USED = 50;
    for (let round = 0; round < 4; round++)
      for (let i = 0; i < USED; i++) expect((await send(gateway, useRequest(i))).status).toBe(200);
    expect(await knownDocuments(gateway)).toBe(USED);
    const statuses = new Map<number, number>();
    for (let j = 0; j < 2000; j++) {
      const { status } = await send(gateway, junk(j));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // Junk is answered or refused by yoga's rules, never with a 500.
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(await knownDocuments(gateway)).toBe(64);
    const before = answered(gateway);
    for (let i = 0; i < USED; i++) expect((await send(gateway, useRequest(i))).status).toBe(200);
    expect(answered(gateway) - before).toBe(USED);
  }, 120_000);

  test('documents that fail parsing, validation or the checks before execution are never admitted', async () => {
    const { gateway } = await start();
    const fragments = Array.from(
      { length: 8 },
      (_, i) => `fragment F${i} on SharedRepositoryConnection { ${i < 7 ? `...F${i + 1}` : 'totalCount'} }`,
    );
    const refused = [
      '{ sharedRepositories { totalCount }',
      '{ sharedRepositories { nope } }',
      'query Typed($x: Nope) { sharedRepositories { totalCount } }',
      'mutation Change { sharedRepositories { totalCount } }',
      'subscription Watch { sharedRepositories { totalCount } }',
      // Over the depth, alias, token and list-field limits.
      `query Deep { sharedRepositories { ...F0 } } ${fragments.join(' ')}`,
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: sharedRepositories { totalCount }`).join(' ')} }`,
      `{ sharedRepositories { totalCount ${'totalCount '.repeat(1000)}} }`,
      `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: sharedRepositories(page: { size: 100, number: ${i + 1} }) { totalCount }`).join(' ')} }`,
    ];
    const coercion = {
      query: 'query Sized($size: Int) { sharedRepositories(page: { size: $size }) { totalCount } }',
      variables: { size: 'many' },
    };
    /** What each client sends; a text that does not parse is sent as those that parse it first cannot. */
    const sent = (
      client: (typeof CLIENTS)[number],
      op: { query: string; variables?: Record<string, unknown> },
    ) => {
      try {
        return clientRequest(client, op, TOKEN, endpoint);
      } catch {
        return client === 'urql' ? get(op.query) : post(JSON.stringify(op));
      }
    };
    // Each sent often enough, by clients that GET and clients that POST, to be admitted if it could be.
    for (let round = 0; round < 3; round++)
      for (const client of CLIENTS)
        for (const op of [...refused.map((query) => ({ query })), coercion]) {
          const { status } = await send(gateway, sent(client, op));
          expect(status).toBeLessThan(500);
        }
    expect(await knownDocuments(gateway)).toBe(0);
    expect(answered(gateway)).toBe(0);
    await send(
      gateway,
      clientRequest('fetch', { query: '{ sharedRepositories { totalCount } }' }, TOKEN, endpoint),
    );
    expect(await knownDocuments(gateway)).toBe(1);
  }, 60_000);

  test('the byte cap holds while a few huge valid documents are each asked for repeatedly', async () => {
    const MAX_BYTES = 1024 * 1024;
    const { gateway } = await start({ KNOWN_DOCUMENTS_MAX_BYTES: String(MAX_BYTES) });
    // Comments are not tokens: a valid document of ~40,000 characters within the token and body limits.
    const huge = (n: number) =>
      `# ${String(n).repeat(40_000)}\nquery Huge${n} { sharedRepositories(page: { size: 2 }) { totalCount } }`;
    for (let i = 0; i < 20; i++) await send(gateway, useRequest(i));
    let bytesSeen = 0;
    for (let round = 0; round < 4; round++)
      for (let n = 1; n <= 5; n++) {
        const answer = await send(gateway, clientRequest('relay', { query: huge(n) }, TOKEN, endpoint));
        expect(answer.status).toBe(200);
        const bytes = await metric(gateway, 'gateway_known_document_bytes');
        expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
        bytesSeen = Math.max(bytesSeen, bytes);
      }
    // Huge documents did get in (each is charged over 300,000 bytes), within the cap.
    expect(bytesSeen).toBeGreaterThan(600_000);
    expect(await knownDocuments(gateway)).toBeGreaterThan(0);
  }, 60_000);
});

describe('deep and huge variables', () => {
  const COUNT = 'query Count { sharedRepositories { totalCount } }';
  const NAMED = 'query Named($name: String) { sharedRepositories(name: $name) { totalCount } }';
  const PAGED =
    'query Paged($page: PageInput) { sharedRepositories(page: $page) { totalCount nodes { name } } }';

  // JSON texts written out, not stringified: JSON.stringify itself overflows the stack on 30,000 levels.
  const deepArray = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  const deepObject = (levels: number) => `${'{"d":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const manyKeys = (count: number) =>
    `{${Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  /** A POST body with `variables` as the JSON text given. */
  const body = (query: string, variables: string) =>
    `{"query":${JSON.stringify(query)},"variables":${variables}}`;
  /** A body of `query` exactly `bytes` long, its variables `wrap` of a filler string of the length needed. */
  const bodyOfSize = (query: string, bytes: number, wrap: (filler: string) => string) => {
    const empty = body(query, wrap(''));
    return body(query, wrap('x'.repeat(bytes - Buffer.byteLength(empty))));
  };
  const CAP = 65_536;

  const CASES: { name: string; request: ClientRequest }[] = [
    // POST, undeclared: the fast path answers a known document with whatever else the variables hold.
    {
      name: 'POST, undeclared, 30,000 nested arrays',
      request: post(body(COUNT, `{"v":${deepArray(30_000)}}`)),
    },
    {
      name: 'POST, undeclared, 10,000 nested objects',
      request: post(body(COUNT, `{"v":${deepObject(10_000)}}`)),
    },
    { name: 'POST, undeclared, 65 nested objects', request: post(body(COUNT, `{"v":${deepObject(65)}}`)) },
    {
      name: 'POST, undeclared, a string near the body cap',
      request: post(bodyOfSize(COUNT, CAP - 10, (x) => `{"v":"${x}"}`)),
    },
    {
      name: 'POST, undeclared, 30,000 numbers',
      request: post(body(COUNT, `{"v":[${Array(30_000).fill(1).join(',')}]}`)),
    },
    { name: 'POST, undeclared, 4,000 keys', request: post(body(COUNT, `{"v":${manyKeys(4_000)}}`)) },
    {
      name: 'POST, undeclared, 10,000 escapes',
      request: post(body(COUNT, `{"v":"${'\\u0000'.repeat(10_000)}"}`)),
    },
    { name: 'POST, undeclared, 4,000 top-level keys', request: post(body(COUNT, manyKeys(4_000))) },
    // POST, declared: coercion meets the deep or huge value.
    {
      name: 'POST, declared String, 30,000 nested arrays',
      request: post(body(NAMED, `{"name":${deepArray(30_000)}}`)),
    },
    {
      name: 'POST, declared String, 10,000 nested objects',
      request: post(body(NAMED, `{"name":${deepObject(10_000)}}`)),
    },
    {
      name: 'POST, declared String near the body cap',
      request: post(bodyOfSize(NAMED, CAP - 10, (x) => `{"name":"${x}"}`)),
    },
    {
      name: 'POST, declared input object, a field of 30,000 nested arrays',
      request: post(body(PAGED, `{"page":{"size":2,"after":${deepArray(30_000)}}}`)),
    },
    {
      name: 'POST, declared input object, an unknown field of 10,000 nested objects',
      request: post(body(PAGED, `{"page":{"size":2,"x":${deepObject(10_000)}}}`)),
    },
    {
      name: 'POST, declared input object, 4,000 unknown fields',
      request: post(body(PAGED, `{"page":${manyKeys(4_000)}}`)),
    },
    {
      name: 'POST, declared input object, 30,000 nested arrays',
      request: post(body(PAGED, `{"page":${deepArray(30_000)}}`)),
    },
    {
      name: 'POST, a body one byte over the cap',
      request: post(bodyOfSize(COUNT, CAP + 1, (x) => `{"v":"${x}"}`)),
    },
    // GET, as urql encodes it: the URL is capped by the header limit.
    { name: 'GET, undeclared, 30,000 nested arrays', request: get(COUNT, `{"v":${deepArray(30_000)}}`) },
    { name: 'GET, undeclared, 7,000 nested arrays', request: get(COUNT, `{"v":${deepArray(7_000)}}`) },
    { name: 'GET, undeclared, 2,500 nested objects', request: get(COUNT, `{"v":${deepObject(2_500)}}`) },
    { name: 'GET, undeclared, a long string', request: get(COUNT, `{"v":"${'x'.repeat(45_000)}"}`) },
    {
      name: 'GET, declared String, 30,000 nested arrays',
      request: get(NAMED, `{"name":${deepArray(30_000)}}`),
    },
    {
      name: 'GET, declared String, 7,000 nested arrays',
      request: get(NAMED, `{"name":${deepArray(7_000)}}`),
    },
    {
      name: 'GET, declared input object, 2,500 nested objects',
      request: get(PAGED, `{"page":${deepObject(2_500)}}`),
    },
  ];

  /** The answer as a client reads it, but for what differs per process: cache ages, SWR's request ids. */
  const comparable = (answer: Answer) => ({
    status: answer.status,
    body: withoutCacheAges(answer.body).replace(/"upstreamRequestId":"[^"]*"/g, '"upstreamRequestId":""'),
  });

  test('never a 500: the same status and body as yoga with the fast path off, and the gateway keeps serving', async () => {
    const fast = await start();
    const yoga = await start({ FAST_PATH_ENABLED: 'false' });
    // Every document is vetted by yoga once (a plain request each), so the fast path knows them all.
    const plain = [
      post(JSON.stringify({ query: COUNT })),
      post(JSON.stringify({ query: NAMED, variables: { name: 'nginx' } })),
      post(JSON.stringify({ query: PAGED, variables: { page: { size: 2 } } })),
    ];
    for (const side of [fast, yoga])
      for (const req of plain) expect((await send(side.gateway, req)).status).toBe(200);
    const before = answered(fast.gateway);
    const mismatches: unknown[] = [];
    const statuses = new Set<number>();
    for (const c of CASES) {
      // Twice: what the first request leaves behind (a kept result, an admitted document) serves the second.
      for (let i = 0; i < 2; i++) {
        const onFast = comparable(await send(fast.gateway, c.request));
        const onYoga = comparable(await send(yoga.gateway, c.request));
        statuses.add(onFast.status);
        if (JSON.stringify(onFast) !== JSON.stringify(onYoga))
          mismatches.push({ case: c.name, fast: onFast, yoga: onYoga });
      }
    }
    expect(mismatches).toEqual([]);
    expect([...statuses].every((status) => status < 500)).toBe(true);
    // The fast path did take the requests it can answer (known documents, undeclared variables), and never failed.
    expect(answered(fast.gateway) - before).toBeGreaterThan(10);
    expect(fast.logs.entries().filter((e) => Number(e.level) >= 50)).toEqual([]);
    for (const side of [fast, yoga])
      for (const req of plain) expect((await send(side.gateway, req)).status).toBe(200);
  }, 120_000);

  test("the gateway's variable checks stop at the first error of an input object with a thousand unknown fields", async () => {
    const { gateway } = await start();
    await send(gateway, post(JSON.stringify({ query: PAGED, variables: { page: { size: 2 } } })));
    // graphql-js writes the whole invalid object into each error: one per field is quadratic in its size.
    const checks = jest.spyOn(graphqlValues, 'getVariableValues');
    const answer = await send(gateway, post(body(PAGED, `{"page":${manyKeys(1_000)}}`)));
    const errors = checks.mock.results.map(
      (r) => (r.value as ReturnType<typeof graphqlValues.getVariableValues>).errors?.length ?? 0,
    );
    // Direct execution, the cost limit and compiled execution each check; each stops at its first error (and
    // graphql-js's "too many errors").
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((made) => made > 2)).toEqual([]);
    // The answer is execution's own, capped by its executor: 50 errors and its "too many errors".
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.body) as { errors: unknown[] }).errors).toHaveLength(51);
  });
});

describe('a large body handed from the fast path to yoga', () => {
  const LIST =
    'query List($size: Int) { sharedRepositories(page: { size: $size }) { totalCount nodes { name } } }';
  /** ~60 KB: a real query whose variables carry a long undeclared value (a client's oversized filter). */
  const large = (size: number | string) =>
    JSON.stringify({ query: LIST, variables: { size, padding: 'p'.repeat(60_000) } });

  /** Sends `text` as a JSON POST, counting the body's decodings and parses and the result keys made meanwhile. */
  async function sendCounted(gateway: RunningGateway, text: string) {
    const decodes = jest.spyOn(params, 'decodeBody');
    const parses = jest.spyOn(params, 'parseJsonBody');
    const jsonParses = jest.spyOn(JSON, 'parse');
    const keys = jest.spyOn(resultKey, 'resultKeyOf');
    const answer = await send(gateway, post(text));
    const counts = {
      decoded: decodes.mock.results.filter((r) => r.value === text).length,
      parsed: parses.mock.calls.filter(([arg]) => arg === text).length,
      jsonParsed: jsonParses.mock.calls.filter(([arg]) => arg === text).length,
      keys: keys.mock.calls.length,
    };
    jest.restoreAllMocks();
    return { answer, counts };
  }
  const ONCE = { decoded: 1, parsed: 1, jsonParsed: 1, keys: 1 };

  /** A gateway that knows the document: yoga vetted it on a first request. */
  async function vetted() {
    const { gateway } = await start();
    await send(gateway, post(large(3)));
    return gateway;
  }

  test('a document yoga has not vetted yet: the body is read, decoded and parsed once, its result key made once', async () => {
    const { gateway } = await start();
    const { answer, counts } = await sendCounted(gateway, large(3));
    expect(answer.status).toBe(200);
    expect(answered(gateway)).toBe(0);
    expect(counts).toEqual(ONCE);
  });

  test('a known document whose result is not kept: one key, and the body parsed once by the fast path', async () => {
    const gateway = await vetted();
    const { answer, counts } = await sendCounted(gateway, large(4));
    expect(answer.status).toBe(200);
    expect(answered(gateway)).toBe(1);
    expect(counts).toEqual(ONCE);
  });

  test('a known document that fails upstream is handed to yoga: parsed once, its key made once', async () => {
    const gateway = await vetted();
    sim.faults.enqueue({ kind: 'serverError' });
    const { answer, counts } = await sendCounted(gateway, large(5));
    expect(answer.body).toMatch(/"errors"/);
    expect(answered(gateway)).toBe(0);
    expect(counts).toEqual(ONCE);
  });

  test('a known document whose variables do not coerce is left to yoga: parsed once, its key made once', async () => {
    const gateway = await vetted();
    const { answer, counts } = await sendCounted(gateway, large('many'));
    expect(answer.body).toMatch(/Variable \\"\$size\\"/);
    expect(counts).toEqual(ONCE);
  });

  test('a large body that is not JSON is parsed once, and refused as yoga refuses it', async () => {
    const { gateway } = await start();
    const { answer, counts } = await sendCounted(gateway, large(3).slice(0, -1));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/POST body sent invalid JSON/);
    expect(counts).toEqual({ ...ONCE, keys: 0 });
  });
});
