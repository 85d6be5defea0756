import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { firstTouchWork, type Simulator, startSimulator } from '../../src/simulator';
import { newRequestId } from '../../src/simulator/response';
import { CENTERS, SHARED_REPOSITORIES_PATH, type SharedRepositoryElement } from '../../src/simulator/wire';

const TOKEN = 'server-tests';
const agent = new Agent();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
  await agent.destroy();
});

function get(
  query: Record<string, string>,
  token: string | null = TOKEN,
  options: { path?: string; target?: Simulator; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = token === null ? {} : { 'x-auth-token': token };
  const base = (options.target ?? sim).url;
  const path = options.path ?? SHARED_REPOSITORIES_PATH;
  return request(`${base}${path}?${new URLSearchParams(query)}`, {
    headers,
    dispatcher: agent,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(5)) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
  }
}

describe('simulator server', () => {
  it('listens on a free port of 127.0.0.1', () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('answers a list with JSON, a 32-hex request id and Content-Range', async () => {
    const response = await get({ center: 'self', limit: '5', offset: '0' });
    const body = (await response.body.json()) as SharedRepositoryElement[];
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers['content-range']).toBe(`0-5/${sim.dataset(TOKEN, 'self').length}`);
    expect(body).toHaveLength(5);
  });

  it('gives every id a fresh 32-hex value, across refills of its random pool', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives each response its own request id', async () => {
    const responses = await Promise.all([get({ center: 'self' }), get({ center: 'self' })]);
    await Promise.all(responses.map((r) => r.body.dump()));
    expect(responses[0]?.headers['x-request-id']).not.toBe(responses[1]?.headers['x-request-id']);
  });

  it('answers 401 APIG.0301 without a token, repeating the header request id in the body', async () => {
    const response = await get({ center: 'self' }, null);
    expect(response.statusCode).toBe(401);
    expect(await response.body.json()).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
      request_id: response.headers['x-request-id'],
    });
  });

  it('answers 401 token expires for an expired- token', async () => {
    const response = await get({ center: 'self' }, 'expired-123');
    const body = (await response.body.json()) as { error_code: string; error_msg: string };
    expect(response.statusCode).toBe(401);
    expect(body.error_code).toBe('APIG.0301');
    expect(body.error_msg).toMatch(
      /^Incorrect IAM authentication information: token expires, expires_at: 20/,
    );
  });

  it('answers 400 with the documented top-level error array', async () => {
    const response = await get({ center: 'self', namespace: 'Bad' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.body.json()).toEqual([
      { errorCode: 'SVCSTG.SWR.4001028', errorMessage: 'Invalid organization name', detail: 'namespace' },
    ]);
  });

  it('answers 404 APIG.0101 for an unknown path, even without a token', async () => {
    const response = await get({}, null, { path: '/v2/manage/namespaces' });
    expect(response.statusCode).toBe(404);
    expect(await response.body.json()).toMatchObject({
      error_code: 'APIG.0101',
      request_id: response.headers['x-request-id'],
    });
  });

  it('answers 405 for a method other than GET on the list path', async () => {
    const response = await request(`${sim.url}${SHARED_REPOSITORIES_PATH}`, {
      method: 'POST',
      headers: { 'x-auth-token': TOKEN },
      body: '{}',
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(405);
    expect(await response.body.json()).toMatchObject({ error_code: 'APIG.0101' });
  });

  it('accepts a 20,000-character token', async () => {
    const response = await get({ center: 'self', limit: '1' }, `long-${'x'.repeat(20_000)}`);
    expect(response.statusCode).toBe(200);
    await response.body.dump();
  });

  it('serves exactly the repositories dataset() lists', async () => {
    const response = await get({ center: 'thirdparty', limit: '1000', offset: '0' });
    const body = (await response.body.json()) as SharedRepositoryElement[];
    const key = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
    expect(body.map(key).sort()).toEqual(sim.dataset(TOKEN, 'thirdparty').map(key).sort());
  });

  it('hands out dataset() copies that callers may change freely', () => {
    const copy = sim.dataset(TOKEN, 'self');
    const size = copy.length;
    copy.length = 0;
    expect(sim.dataset(TOKEN, 'self')).toHaveLength(size);
  });
});

describe('prepare', () => {
  const work = () => ({ ...firstTouchWork });
  const ORDERS = [
    ['name', 'asc'],
    ['updated_at', 'desc'],
    ['tag_count', 'asc'],
  ] as const;
  // One query per order the gateway sends, both centers, every repository on the page.
  const QUERIES = CENTERS.flatMap((center) =>
    ORDERS.map(([column, direction]) => ({
      center,
      limit: '1000',
      offset: '0',
      order_column: column,
      order_type: direction,
    })),
  );
  const answerAll = async (token: string) => {
    const bodies: string[] = [];
    for (const query of QUERIES) {
      const response = await get(query, token);
      expect(response.statusCode).toBe(200);
      bodies.push(await response.body.text());
    }
    return bodies;
  };

  it("builds a new token's lists, sorted copies and JSON up front: its first answers then build nothing", async () => {
    const before = work();
    sim.prepare(['prepare-a', 'prepare-b']);
    const prepared = work();
    expect(prepared.lists - before.lists).toBe(4);
    expect(prepared.sortedCopies - before.sortedCopies).toBe(40);
    expect(prepared.repositoryJson).toBeGreaterThan(before.repositoryJson);
    await answerAll('prepare-a');
    await answerAll('prepare-b');
    expect(work()).toEqual(prepared);
    expect(sim.requestCount()).toBe(12);
  });

  it('changes no answer and counts no request', async () => {
    sim.prepare(['prepare-c']);
    expect(sim.requestCount()).toBe(0);
    const prepared = await answerAll('prepare-c');
    // The same answers from a simulator module of its own, whose caches never saw the token.
    let fresh: typeof import('../../src/simulator/answer') | undefined;
    jest.isolateModules(() => {
      fresh = require('../../src/simulator/answer');
    });
    const answerList = fresh?.answerList;
    if (!answerList) throw new Error('no fresh simulator module');
    const unprepared = QUERIES.map(
      (query) =>
        answerList('prepare-c', query, { strictOffset: false, omitTotalRange: false })
          .payload?.()
          .toString() ?? '',
    );
    expect(prepared).toEqual(unprepared);
  });

  it("a token's first answer without prepare builds its data (the control)", async () => {
    const before = work();
    await get({ center: 'self', limit: '5', offset: '0' }, 'prepare-unprepared');
    const after = work();
    expect(after.lists - before.lists).toBe(1);
    expect(after.sortedCopies - before.sortedCopies).toBe(1);
    expect(after.repositoryJson - before.repositoryJson).toBe(5);
  });
});

describe('request recording', () => {
  it('records every request in order, rejected ones included', async () => {
    await (await get({ center: 'self' }, null)).body.dump();
    await (await get({ center: 'self', name: 'a$b' })).body.dump();
    await (await get({}, TOKEN, { path: '/nowhere' })).body.dump();
    expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', SHARED_REPOSITORIES_PATH, { center: 'self' }],
      ['GET', SHARED_REPOSITORIES_PATH, { center: 'self', name: 'a$b' }],
      ['GET', '/nowhere', {}],
    ]);
    expect(sim.requests[1]?.headers['x-auth-token']).toBe(TOKEN);
    expect(sim.requestCount()).toBe(3);
    expect(sim.requestCount(SHARED_REPOSITORIES_PATH)).toBe(2);
  });

  it('records a request before its latency has passed', async () => {
    sim.setOptions({ latencyMs: 300 });
    let answered = false;
    const pending = get({ center: 'self' }).then((r) => {
      answered = true;
      return r.body.dump();
    });
    await waitFor(() => sim.requestCount() === 1);
    expect(answered).toBe(false);
    await pending;
  });

  it('stamps closedAt when the client leaves before the answer', async () => {
    sim.faults.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const pending = get({ center: 'self' }, TOKEN, { signal: abort.signal });
    await waitFor(() => sim.requestCount() === 1);
    expect(sim.requests[0]?.closedAt).toBeUndefined();
    abort.abort();
    await expect(pending).rejects.toHaveProperty('name', 'AbortError');
    await waitFor(() => sim.requests[0]?.closedAt !== undefined);
  });

  it('with recordRequests: false, counts requests per path and keeps none', async () => {
    const own = await startSimulator({ recordRequests: false });
    try {
      await (await get({ center: 'self' }, TOKEN, { target: own })).body.dump();
      await (await get({ center: 'self' }, null, { target: own })).body.dump();
      await (await get({}, TOKEN, { path: '/nowhere', target: own })).body.dump();
      expect(own.requests).toHaveLength(0);
      expect(own.requestCount()).toBe(3);
      expect(own.requestCount(SHARED_REPOSITORIES_PATH)).toBe(2);
      expect(own.requestCount('/nowhere')).toBe(1);
      own.reset();
      expect(own.requestCount()).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('leaves closedAt unset for a request that was answered', async () => {
    await (await get({ center: 'self' })).body.dump();
    expect(sim.requests[0]?.closedAt).toBeUndefined();
  });
});

describe('runtime options', () => {
  it('adds latency to every answer', async () => {
    sim.setOptions({ latencyMs: 150 });
    const started = Date.now();
    await (await get({ center: 'self' })).body.dump();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('switches strict offset and total_range omission at runtime', async () => {
    sim.setOptions({ strictOffset: true, omitTotalRange: true });
    const rejected = await get({ center: 'self', limit: '10', offset: '5' });
    expect(rejected.statusCode).toBe(400);
    await rejected.body.dump();
    const body = (await (await get({ center: 'self', limit: '1', offset: '0' })).body.json()) as object[];
    expect(body[0]).not.toHaveProperty('total_range');
  });

  it('restores start options and clears requests and faults on reset', async () => {
    sim.setOptions({ strictOffset: true });
    sim.faults.enqueue({ kind: 'html' }, 3);
    sim.faults.always({ kind: 'html' });
    await (await get({ center: 'self' })).body.dump();
    const kept = sim.requests;
    sim.reset();
    expect(sim.requests).toBe(kept);
    expect(sim.requestCount()).toBe(0);
    expect(sim.faults.pending()).toBe(0);
    const response = await get({ center: 'self', limit: '10', offset: '5' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;charset=utf-8');
    await response.body.dump();
  });

  it('keeps the options given at start across reset', async () => {
    const strict = await startSimulator({ strictOffset: true });
    try {
      strict.setOptions({ strictOffset: false });
      strict.reset();
      const response = await get({ center: 'self', limit: '10', offset: '5' }, TOKEN, { target: strict });
      expect(response.statusCode).toBe(400);
      await response.body.dump();
    } finally {
      await strict.close();
    }
  });
});

describe('connections', () => {
  it('counts open sockets and sees the client close its own', async () => {
    const own = await startSimulator();
    try {
      own.faults.enqueue({ kind: 'hang' });
      const abort = new AbortController();
      const pending = get({ center: 'self' }, TOKEN, { target: own, signal: abort.signal }).catch(
        () => undefined,
      );
      await waitFor(() => own.requestCount() === 1);
      expect(own.openConnections()).toBe(1);
      abort.abort();
      await pending;
      await waitFor(() => own.openConnections() === 0);
    } finally {
      await own.close();
    }
  });

  it('reports the most requests in progress at once, from zero again after reset', async () => {
    sim.setOptions({ latencyMs: 150 });
    const answers = await Promise.all([1, 2, 3].map(() => get({ center: 'self' })));
    await Promise.all(answers.map((a) => a.body.dump()));
    expect(sim.peakConcurrency()).toBe(3);
    sim.reset();
    expect(sim.peakConcurrency()).toBe(0);
    await (await get({ center: 'self' })).body.dump();
    expect(sim.peakConcurrency()).toBe(1);
  });

  it('closes promptly while a request hangs, dropping the connection', async () => {
    const own = await startSimulator();
    own.faults.always({ kind: 'hang' });
    const pending = get({ center: 'self' }, TOKEN, { target: own }).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await waitFor(() => own.requestCount() === 1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toHaveProperty('code', 'UND_ERR_SOCKET');
    expect(own.requests[0]?.closedAt).toBeDefined();
    expect(own.openConnections()).toBe(0);
  });

  it('can be closed twice', async () => {
    const own = await startSimulator();
    await own.close();
    await expect(own.close()).resolves.toBeUndefined();
  });
});
