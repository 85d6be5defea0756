import { request } from 'undici';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { type ClientName, type ClientRequest, clientRequest } from '../helpers/clients';
import { startGatewayOver } from '../helpers/gateway';
import { TOKEN, withoutCacheAges } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

/**
 * The front door's promise: whatever the fast path answers, it answers as yoga would. One corpus of requests (every
 * client's shape, POST and GET, Pragma, odd bodies and media types, errors, limits, cursors, ETags) goes, in the
 * same order, to a gateway as it ships and to one with the fast path turned off; each request must get the same
 * status, body (cache ages aside), headers, access-log fields and metric deltas from both.
 */

const OTHER_TOKEN = 'parity-other-token';

const LIST = `query Repos($size: Int, $number: Int) {
  sharedRepositories(page: { size: $size, number: $number }) {
    totalCount pageNumber pageCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name namespace category size numDownload createdAt updatedAt tags images { tag reference } }
  }
}`;
const SORTED = `query Sorted($after: String) {
  sharedRepositories(center: THIRD_PARTY, page: { size: 3, after: $after }, sort: { field: NAME, direction: ASC }) {
    edges { cursor node { name namespace status } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNT = '{ sharedRepositories { totalCount } }';
const TWO = `query One { sharedRepositories(page: { size: 2 }) { totalCount } }
query Other { sharedRepositories(page: { size: 4 }) { totalCount } }`;

/** One request of the corpus; `previous` is this gateway's last answer to the same case (for its ETag). */
interface Case {
  name: string;
  build: (previous: Answer | undefined) => ClientRequest;
  /** Run before each send, on each gateway's turn (e.g. an upstream fault for that request). */
  setup?: (sim: Simulator) => void;
  /** How often it is sent: the first request of a document goes through yoga, later ones take the fast path. */
  times?: number;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  line: Record<string, unknown> | undefined;
}

const GQL = '/graphql';
const JSON_TYPE = 'application/json';
const tokenHeaders = (token = TOKEN) => ({ 'x-auth-token': token });

const client = (name: ClientName, query: string, variables?: Record<string, unknown>, token = TOKEN) =>
  clientRequest(name, { query, variables }, token, `http://gateway${GQL}`);

const post = (body: unknown, headers: Record<string, string> = {}): ClientRequest => ({
  method: 'POST',
  path: GQL,
  headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE, ...tokenHeaders(), ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const get = (params: Record<string, string>, headers: Record<string, string> = {}): ClientRequest => ({
  method: 'GET',
  path: `${GQL}?${new URLSearchParams(params)}`,
  headers: { accept: JSON_TYPE, ...tokenHeaders(), ...headers },
});

const fixed = (req: ClientRequest) => () => req;

function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}

const CLIENTS: ClientName[] = ['urql', 'apollo4', 'apollo3', 'graphqlRequest', 'relay', 'fetch'];

const CORPUS: Case[] = [
  // Every client's own request, for a list, a cursor page and a count.
  ...CLIENTS.flatMap((name): Case[] => [
    { name: `${name}: list`, build: fixed(client(name, LIST, { size: 5, number: 2 })) },
    { name: `${name}: sorted third-party page`, build: fixed(client(name, SORTED, {})) },
    { name: `${name}: count, other caller`, build: fixed(client(name, COUNT, undefined, OTHER_TOKEN)) },
  ]),
  // Accept lists as RFC 9110 reads them.
  ...[
    'application/json',
    '*/*',
    'APPLICATION/JSON',
    'application/graphql-response+json;q=0.5, application/json;q=0.6',
    'application/graphql-response+json',
    'application/*',
    'text/html, application/json;q=0.1',
    'text/html',
    'application/json;q=0',
    'multipart/mixed',
    'text/event-stream',
    '',
  ].map(
    (accept): Case => ({
      name: `Accept: ${JSON.stringify(accept)}`,
      build: fixed(post({ query: LIST, variables: { size: 2 } }, { accept })),
    }),
  ),
  // Content types yoga takes as JSON, and those it does not.
  ...[
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json charset=utf-8',
    'application/json-patch+json',
    'application/graphql-response+json',
    'text/plain',
    'application/x-www-form-urlencoded',
  ].map(
    (type): Case => ({
      name: `Content-Type: ${type}`,
      build: fixed(post({ query: LIST, variables: { size: 3 } }, { 'content-type': type })),
    }),
  ),
  // Revalidation and freshness.
  {
    name: 'Pragma: no-cache',
    build: fixed(post({ query: LIST, variables: { size: 5, number: 2 } }, { pragma: 'no-cache' })),
  },
  {
    name: 'Cache-Control: no-cache',
    build: fixed(post({ query: LIST, variables: { size: 5, number: 2 } }, { 'cache-control': 'no-cache' })),
  },
  {
    name: 'GET with the ETag of the previous answer',
    build: (previous) =>
      get(
        { query: LIST, variables: JSON.stringify({ size: 6 }) },
        previous?.headers.etag ? { 'if-none-match': previous.headers.etag } : {},
      ),
    times: 4,
  },
  {
    name: "GET with the ETag of another caller's identical answer",
    build: (previous) =>
      get(
        { query: COUNT },
        previous?.headers.etag
          ? { 'if-none-match': previous.headers.etag, ...tokenHeaders(OTHER_TOKEN) }
          : {},
      ),
  },
  // Operation names.
  {
    name: 'operationName ""',
    build: fixed(post({ query: LIST, operationName: '', variables: { size: 2 } })),
  },
  {
    name: 'operationName "Repos\\u0000..."',
    build: fixed(post({ query: TWO, operationName: `One\u0000${TWO}` })),
  },
  { name: 'operationName picks one of two', build: fixed(post({ query: TWO, operationName: 'Other' })) },
  { name: 'two operations, no operationName', build: fixed(post({ query: TWO })) },
  { name: 'operationName naming none', build: fixed(post({ query: LIST, operationName: 'Nope' })) },
  { name: 'GET with operationName', build: fixed(get({ query: TWO, operationName: 'One' })) },
  // Bodies.
  { name: 'body with a byte-order mark', build: fixed(post(`\uFEFF${JSON.stringify({ query: COUNT })}`)) },
  { name: 'body that is not JSON', build: fixed(post('{"query": ')) },
  { name: 'empty body', build: fixed(post('')) },
  { name: 'body that is an array', build: fixed(post([{ query: COUNT }])) },
  { name: 'unknown body key', build: fixed(post({ query: COUNT, foo: 1 })) },
  { name: 'variables as an array', build: fixed(post({ query: LIST, variables: [1] })) },
  { name: 'variables as a string', build: fixed(post({ query: LIST, variables: '{"size":2}' })) },
  { name: 'extensions that are not an object', build: fixed(post({ query: COUNT, extensions: 3 })) },
  { name: 'query that is not a string', build: fixed(post({ query: 42 })) },
  { name: 'no query', build: fixed(post({ variables: {} })) },
  {
    name: 'a deeply nested undeclared variable',
    build: fixed(
      post(`{"query":${JSON.stringify(COUNT)},"variables":{"deep":${JSON.stringify(deepValue(3000))}}}`),
    ),
  },
  {
    name: 'a large body (a long variable)',
    build: fixed(post({ query: LIST, variables: { size: 2, padding: 'x'.repeat(60_000) } })),
  },
  {
    name: 'a large body (a long document)',
    build: fixed(post({ query: `${LIST}${' '.repeat(60_000)}`, variables: { size: 2 } })),
  },
  // Errors and limits.
  { name: 'no token', build: fixed(post({ query: COUNT }, { 'x-auth-token': '' })) },
  { name: 'page size 0', build: fixed(post({ query: LIST, variables: { size: 0 } })) },
  { name: 'page size over the maximum', build: fixed(post({ query: LIST, variables: { size: 1000 } })) },
  { name: 'variable of the wrong type', build: fixed(post({ query: LIST, variables: { size: 'many' } })) },
  { name: 'unknown field', build: fixed(post({ query: '{ sharedRepositories { nope } }' })) },
  { name: 'syntax error', build: fixed(post({ query: '{ sharedRepositories { ' })) },
  {
    name: 'bad namespace',
    build: fixed(post({ query: '{ sharedRepositories(namespace: "Bad Name") { totalCount } }' })),
  },
  {
    name: 'a cursor that is not one',
    build: fixed(post({ query: SORTED, variables: { after: 'not-a-cursor' } })),
  },
  {
    name: 'a cost over the limit',
    build: fixed(
      post({
        query: `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: sharedRepositories(page: { size: 100, number: ${i + 1} }) { totalCount nodes { images { tag } } }`).join(' ')} }`,
      }),
    ),
  },
  { name: 'a mutation by GET', build: fixed(get({ query: 'mutation { __typename }' })) },
  { name: 'introspection of the type name', build: fixed(post({ query: '{ __typename }' })) },
  {
    name: 'an upstream failure',
    build: fixed(post({ query: LIST, variables: { size: 7 } })),
    setup: (sim) => sim.faults.enqueue({ kind: 'serverError' }),
    times: 1,
  },
  {
    name: 'an upstream answer of the wrong shape',
    build: fixed(post({ query: LIST, variables: { size: 8 } })),
    setup: (sim) => sim.faults.enqueue({ kind: 'wrongShape' }),
    times: 1,
  },
  // Other endpoints and methods through the front door.
  {
    name: 'PUT /graphql',
    build: fixed({ method: 'PUT' as 'POST', path: GQL, headers: { 'content-type': JSON_TYPE }, body: '{}' }),
  },
  {
    name: 'CORS preflight',
    build: fixed({
      method: 'OPTIONS' as 'POST',
      path: GQL,
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    }),
  },
  {
    name: 'a caller-chosen request id',
    build: fixed(post({ query: COUNT }, { 'x-request-id': 'parity-1' })),
  },
];

/** Response headers a client or cache acts on; `etag` is compared by presence (each process signs its own). */
const HEADERS = [
  'content-type',
  'cache-control',
  'vary',
  'allow',
  'retry-after',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'ratelimit-policy',
  'ratelimit',
];
/** Access-log fields that differ per process or per run: timing, generated ids, the per-process caller HMAC. */
const VOLATILE_FIELDS = new Set(['ms', 'time', 'pid', 'hostname', 'requestId', 'caller']);
/** Metric families both paths must move alike. (The page cache's own counters are not among them: a kept answer
 * does not look its pages up, which is its point.) */
const METRICS = [
  'gateway_http_request_duration_seconds_count',
  'gateway_graphql_operation_duration_seconds_count',
  'gateway_upstream_calls_per_request_count',
  'gateway_upstream_calls_per_request_sum',
  'gateway_graphql_errors_total',
  'swr_upstream_request_duration_seconds_count',
  'gateway_rate_limited_total',
];

interface Side {
  name: string;
  gateway: RunningGateway;
  logs: LogCapture;
  previous: Map<string, Answer>;
}

let sim: Simulator;
let fast: Side;
let slow: Side;

async function side(name: string, env: Record<string, string>): Promise<Side> {
  const logs = new LogCapture();
  const gateway = await startGatewayOver(sim, { CORS_ORIGINS: 'https://app.example', ...env }, logs);
  return { name, gateway, logs, previous: new Map() };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  fast = await side('fast path on', {});
  slow = await side('fast path off', { FAST_PATH_ENABLED: 'false' });
});
afterAll(async () => {
  await fast.gateway.close();
  await slow.gateway.close();
  await sim.close();
});

const accessLines = (s: Side) => s.logs.entries().filter((e) => e.msg === 'request');

async function send(s: Side, req: ClientRequest): Promise<Answer> {
  const before = accessLines(s).length;
  const r = await request(`${s.gateway.url}${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  const body = await r.body.text();
  // The line is written when the response closes, which may be just after the client has it.
  for (let i = 0; i < 100 && accessLines(s).length === before; i++)
    await new Promise((ok) => setTimeout(ok, 5));
  const lines = accessLines(s).slice(before);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(r.headers)) headers[key] = String(value);
  return {
    status: r.statusCode,
    headers,
    body,
    line: lines.length === 1 ? lines[0] : { lines: lines.length },
  };
}

async function scrape(s: Side): Promise<Map<string, number>> {
  const text = await (await request(`${s.gateway.url}/metrics`)).body.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] && METRICS.includes(match[1]))
      values.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return values;
}

function delta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const [key, value] of after)
    if (value !== (before.get(key) ?? 0)) moved[key] = value - (before.get(key) ?? 0);
  return moved;
}

/** What must be equal: the answer seen by the client and by the operator. */
function comparable(req: ClientRequest, answer: Answer) {
  const headers: Record<string, string | boolean> = { etag: answer.headers.etag !== undefined };
  for (const name of HEADERS) if (answer.headers[name] !== undefined) headers[name] = answer.headers[name];
  if (req.headers['x-request-id']) headers['x-request-id'] = answer.headers['x-request-id'] ?? '';
  const line = Object.fromEntries(
    Object.entries(answer.line ?? {}).filter(([key]) => !VOLATILE_FIELDS.has(key)),
  );
  // A multipart part states its length, which the ages' digits change.
  const body = withoutCacheAges(answer.body)
    .replace(/"upstreamRequestId":"[^"]*"/g, '"upstreamRequestId":""')
    .replace(/Content-Length: \d+/gi, 'Content-Length: _');
  return { status: answer.status, headers, body, line };
}

/** Sends `corpus` to both sides, case by case, and lists every difference in what clients and operators see. */
async function mismatchesOver(corpus: Case[], on: Side, off: Side): Promise<unknown[]> {
  const mismatches: unknown[] = [];
  for (const c of corpus) {
    const times = c.times ?? 3;
    const seen: Record<string, ReturnType<typeof comparable>[]> = {};
    const moved: Record<string, Record<string, number>> = {};
    for (const s of [on, off]) {
      const before = await scrape(s);
      seen[s.name] = [];
      for (let i = 0; i < times; i++) {
        c.setup?.(sim);
        const req = c.build(s.previous.get(c.name));
        const answer = await send(s, req);
        s.previous.set(c.name, answer);
        seen[s.name]?.push(comparable(req, answer));
      }
      moved[s.name] = delta(before, await scrape(s));
    }
    if (JSON.stringify(seen[on.name]) !== JSON.stringify(seen[off.name]))
      mismatches.push({ case: c.name, [on.name]: seen[on.name], [off.name]: seen[off.name] });
    if (JSON.stringify(moved[on.name]) !== JSON.stringify(moved[off.name]))
      mismatches.push({ case: c.name, metrics: { [on.name]: moved[on.name], [off.name]: moved[off.name] } });
  }
  return mismatches;
}

test('every request of the corpus gets the same answer, access line and metrics with the fast path on and off', async () => {
  const answeredBefore = fast.gateway.fastPathAnswers?.() ?? { kept: 0, direct: 0 };
  expect(await mismatchesOver(CORPUS, fast, slow)).toEqual([]);
  // The corpus did exercise the fast path: kept results and direct execution both answered.
  const answered = fast.gateway.fastPathAnswers?.() ?? { kept: 0, direct: 0 };
  expect(answered.kept - answeredBefore.kept).toBeGreaterThan(20);
  expect(answered.direct - answeredBefore.direct).toBeGreaterThan(5);
  expect(slow.gateway.fastPathAnswers).toBeUndefined();
}, 120_000);

/**
 * Refusals by the caller limit (CALLER_RATE_LIMIT=3/1h on both sides; each case a caller of its own, sent one time
 * more than the limit): the same 429s, headers and counts whichever path would have answered.
 */
const LIMIT = 3;
const overLimit = (name: string, build: (token: string) => ClientRequest): Case => ({
  name: `over the limit: ${name}`,
  build: fixed(build(`limit-${name}`)),
  times: LIMIT + 1,
});
const LIMITED_CORPUS: Case[] = [
  ...CLIENTS.map((name) => overLimit(name, (token) => client(name, LIST, { size: 4 }, token))),
  overLimit('application/json', (token) => post({ query: COUNT }, tokenHeaders(token))),
  overLimit('application/graphql-response+json', (token) =>
    post({ query: COUNT }, { ...tokenHeaders(token), accept: 'application/graphql-response+json' }),
  ),
  overLimit('text/html only', (token) =>
    post({ query: COUNT }, { ...tokenHeaders(token), accept: 'text/html' }),
  ),
  overLimit('GET', (token) => get({ query: COUNT }, tokenHeaders(token))),
  overLimit('a syntax error', (token) => post({ query: '{ sharedRepositories { ' }, tokenHeaders(token))),
  // One token in both header forms: one budget (the Bearer requests come after two X-Auth-Token ones).
  {
    name: 'one token, X-Auth-Token',
    build: fixed(post({ query: COUNT }, tokenHeaders('limit-both'))),
    times: 2,
  },
  {
    name: 'one token, Authorization: Bearer',
    build: fixed(post({ query: COUNT }, { 'x-auth-token': '', authorization: 'Bearer limit-both' })),
    times: 2,
  },
  {
    name: 'no token counts against nobody',
    build: fixed(post({ query: COUNT }, { 'x-auth-token': '' })),
    times: 5,
  },
];

describe('with a caller limit', () => {
  let limitedFast: Side;
  let limitedSlow: Side;
  beforeAll(async () => {
    const limit = { CALLER_RATE_LIMIT: `${LIMIT}/1h` };
    limitedFast = await side('limited, fast path on', limit);
    limitedSlow = await side('limited, fast path off', { ...limit, FAST_PATH_ENABLED: 'false' });
  });
  afterAll(async () => {
    await limitedFast.gateway.close();
    await limitedSlow.gateway.close();
  });

  test('the fast path and yoga refuse identically: status, body, Retry-After and RateLimit headers, access line, metrics', async () => {
    expect(await mismatchesOver(LIMITED_CORPUS, limitedFast, limitedSlow)).toEqual([]);
    // The refusals happened, on both sides.
    const refused = (s: Side) =>
      accessLines(s).filter((line) => line.status === 429 && line.path === GQL).length;
    expect(refused(limitedFast)).toBe(CLIENTS.length + 6);
    expect(refused(limitedSlow)).toBe(CLIENTS.length + 6);
  }, 120_000);
});
