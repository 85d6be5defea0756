import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { type Fault, type Simulator, startSimulator } from '../../src/simulator';
import { SHARED_REPOSITORIES_PATH, type SharedRepositoryElement } from '../../src/simulator/wire';

const TOKEN = 'fault-tests';
const QUERY = '?center=self&limit=20&offset=0';
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

function list(signal?: AbortSignal) {
  return request(`${sim.url}${SHARED_REPOSITORIES_PATH}${QUERY}`, {
    headers: { 'x-auth-token': TOKEN },
    dispatcher: agent,
    ...(signal ? { signal } : {}),
  });
}

/** One request under `fault`: status, headers and the raw body text. */
async function underFault(fault: Fault) {
  sim.faults.enqueue(fault);
  const response = await list();
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(5)) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
  }
}

describe('fault scheduling', () => {
  it('applies an enqueued fault to the given number of list requests, then answers normally', async () => {
    sim.faults.enqueue({ kind: 'html' }, 2);
    const statuses: (string | undefined)[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await list();
      statuses.push(String(response.headers['content-type']));
      await response.body.dump();
    }
    expect(statuses).toEqual([
      'text/html; charset=utf-8',
      'text/html; charset=utf-8',
      'application/json;charset=utf-8',
    ]);
  });

  it('leaves other paths alone', async () => {
    sim.faults.enqueue({ kind: 'reset' });
    const other = await request(`${sim.url}/elsewhere`, { dispatcher: agent });
    expect(other.statusCode).toBe(404);
    await other.body.dump();
    expect(sim.faults.pending()).toBe(1);
  });

  it('applies a standing fault until cleared', async () => {
    sim.faults.always({ kind: 'emptyUnauthorized' });
    expect((await underFault({ kind: 'emptyUnauthorized' })).status).toBe(401);
    const standing = await list();
    expect(standing.statusCode).toBe(401);
    await standing.body.dump();
    sim.faults.always(null);
    const normal = await list();
    expect(normal.statusCode).toBe(200);
    await normal.body.dump();
  });
});

describe('fault kinds', () => {
  it('latency: delays, then answers normally', async () => {
    const started = Date.now();
    const { status } = await underFault({ kind: 'latency', ms: 120 });
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hang: never answers until the client gives up', async () => {
    sim.faults.enqueue({ kind: 'hang' });
    await expect(list(AbortSignal.timeout(100))).rejects.toThrow();
    await waitFor(() => sim.requests[0]?.closedAt !== undefined);
  });

  it('slowBody: sends headers at once and the normal body over time', async () => {
    sim.faults.enqueue({ kind: 'slowBody', chunkDelayMs: 40, chunks: 4 });
    const started = Date.now();
    const response = await list();
    const headersAfter = Date.now() - started;
    const body = (await response.body.json()) as SharedRepositoryElement[];
    expect(headersAfter).toBeLessThan(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(body).toHaveLength(20);
    expect(response.headers['content-range']).toMatch(/^0-20\/\d+$/);
  });

  it('slowBody: stops writing when the client leaves', async () => {
    sim.faults.enqueue({ kind: 'slowBody', chunkDelayMs: 5000 });
    const response = await list();
    response.body.destroy();
    await waitFor(() => sim.requests[0]?.closedAt !== undefined);
  });

  it('reset: drops the connection without a response', async () => {
    sim.faults.enqueue({ kind: 'reset' });
    await expect(list()).rejects.toHaveProperty('code', 'UND_ERR_SOCKET');
  });

  it('respond: sends an object as JSON with the given status and headers', async () => {
    const result = await underFault({
      kind: 'respond',
      status: 418,
      headers: { 'X-Extra': 'yes' },
      body: { a: 1 },
    });
    expect(result.status).toBe(418);
    expect(result.headers['x-extra']).toBe('yes');
    expect(result.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(JSON.parse(result.text)).toEqual({ a: 1 });
  });

  it('respond: sends a string body as it is, under the given content type', async () => {
    const result = await underFault({
      kind: 'respond',
      status: 200,
      headers: { 'Content-Type': 'text/plain' },
      body: 'plain',
    });
    expect(result.headers['content-type']).toBe('text/plain');
    expect(result.text).toBe('plain');
  });

  it('malformedJson: 200 application/json that does not parse', async () => {
    const result = await underFault({ kind: 'malformedJson' });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(() => JSON.parse(result.text)).toThrow(SyntaxError);
  });

  it('html: 200 with an HTML error page', async () => {
    const result = await underFault({ kind: 'html' });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toMatch(/^text\/html/);
    expect(result.text).toMatch(/^<!DOCTYPE html>/);
  });

  it.each([
    ['wrapped', (body: unknown) => !Array.isArray(body) && typeof body === 'object'],
    ['missingFields', (body: unknown) => Array.isArray(body) && !('name' in body[0])],
    ['wrongTypes', (body: unknown) => Array.isArray(body) && typeof body[0].size === 'string'],
  ] as const)('wrongShape %s: 200 JSON that is not the documented array', async (variant, isWrong) => {
    const result = await underFault({ kind: 'wrongShape', variant });
    expect(result.status).toBe(200);
    expect(isWrong(JSON.parse(result.text))).toBe(true);
  });

  it('serverError: 500 with an SWR body leaking an internal address and a stack', async () => {
    const result = await underFault({ kind: 'serverError' });
    const body = JSON.parse(result.text) as { errorCode: string; detail: string }[];
    expect(result.status).toBe(500);
    expect(body[0]?.errorCode).toBe('SVCSTG.SWR.5000008');
    expect(body[0]?.detail).toContain('10.23.4.5');
    expect(body[0]?.detail).toContain('goroutine');
  });

  it('serverError: uses the given status', async () => {
    expect((await underFault({ kind: 'serverError', status: 502 })).status).toBe(502);
  });

  it.each([
    [503, 'APIG.0201'],
    [429, 'APIG.0308'],
  ] as const)('retryAfter %s: APIG body %s and a Retry-After header', async (status, code) => {
    const result = await underFault({ kind: 'retryAfter', status, seconds: 7 });
    expect(result.status).toBe(status);
    expect(result.headers['retry-after']).toBe('7');
    expect(JSON.parse(result.text)).toMatchObject({
      error_code: code,
      request_id: result.headers['x-request-id'],
    });
  });

  it('hugeBody: streams a valid JSON array of exactly the given size, chunked', async () => {
    const result = await underFault({ kind: 'hugeBody', bytes: 3_000_000 });
    expect(result.status).toBe(200);
    expect(result.headers['content-length']).toBeUndefined();
    expect(result.headers['transfer-encoding']).toBe('chunked');
    expect(Buffer.byteLength(result.text)).toBe(3_000_000);
    expect(Array.isArray(JSON.parse(result.text))).toBe(true);
  });

  it('hugeBody: declares Content-Length when asked', async () => {
    const result = await underFault({ kind: 'hugeBody', bytes: 10_000, declareLength: true });
    expect(result.headers['content-length']).toBe('10000');
    expect(Buffer.byteLength(result.text)).toBe(10_000);
  });

  it('hugeBody: stops streaming when the client leaves', async () => {
    sim.faults.enqueue({ kind: 'hugeBody', bytes: 2 ** 40 });
    const response = await list();
    for await (const _chunk of response.body) break;
    await waitFor(() => sim.requests[0]?.closedAt !== undefined);
  });

  it('redirect: 302 to another host by default', async () => {
    const result = await underFault({ kind: 'redirect', location: 'http://evil.example/steal' });
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe('http://evil.example/steal');
  });

  it('redirect: uses the given status', async () => {
    expect((await underFault({ kind: 'redirect', location: 'http://x.example/', status: 307 })).status).toBe(
      307,
    );
  });

  it('emptyUnauthorized: 401 with an empty body', async () => {
    const result = await underFault({ kind: 'emptyUnauthorized' });
    expect(result.status).toBe(401);
    expect(result.text).toBe('');
  });

  it.each([
    [undefined, 403, 'SVCSTG.SWR.4031032'],
    ['SVCSTG.SWR.4031042', 403, 'SVCSTG.SWR.4031042'],
  ] as const)('throttled %s: 403 with an SWR error array', async (code, status, expected) => {
    const result = await underFault({ kind: 'throttled', ...(code ? { code } : {}) });
    expect(result.status).toBe(status);
    expect(JSON.parse(result.text)).toEqual([
      { errorCode: expected, errorMessage: expect.any(String), detail: '' },
    ]);
  });

  it('throttled APIG.0308: 429 with an APIG body', async () => {
    const result = await underFault({ kind: 'throttled', code: 'APIG.0308' });
    expect(result.status).toBe(429);
    expect(JSON.parse(result.text)).toMatchObject({
      error_code: 'APIG.0308',
      error_msg: expect.stringContaining('over ratelimit'),
    });
  });
});
