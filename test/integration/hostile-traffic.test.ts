import { request } from 'undici';
import * as resultKey from '../../src/execution/resultKey';
import * as params from '../../src/request/params';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import type { ClientRequest } from '../helpers/clients';
import { startGatewayOver } from '../helpers/gateway';
import { TOKEN } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

/**
 * Hostile traffic stays bounded, through the gateway as it ships (front door, fast path, yoga) over real HTTP:
 * a large body is read and parsed once.
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

const answered = (gateway: RunningGateway) => {
  const { kept, direct } = gateway.fastPathAnswers?.() ?? { kept: 0, direct: 0 };
  return kept + direct;
};

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
