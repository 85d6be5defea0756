import { auditServer } from 'graphql-http';
import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';

const URL_ = 'http://gateway.test/graphql';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** graphql-http's audit suite (the spec's reference checks), through yoga.fetch. */
async function audit(extraHeaders: Record<string, string>) {
  const fetchFn = (input: string, init: RequestInit = {}) =>
    h.fetch(input, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...extraHeaders },
    });
  const results = await auditServer({ url: URL_, fetchFn });
  return results.map((r) => ({ id: r.id, name: r.name, status: r.status }));
}

test('every GraphQL-over-HTTP audit (MUST, SHOULD and MAY) passes for a client sending the CSRF header', async () => {
  const results = await audit({ 'x-graphql-csrf': '1' });
  expect(results.length).toBeGreaterThan(50);
  expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
});

test('without a CSRF header only optional (MAY) GET audits are refused', async () => {
  const failing = (await audit({})).filter((r) => r.status !== 'ok');
  for (const r of failing) {
    expect(r.status).toBe('notice');
    expect(r.name).toMatch(/^MAY .*GET/);
  }
});

test('GET is for queries only: a mutation over GET gets 405 with Allow: POST, without an upstream call', async () => {
  h.sim.reset();
  const r = await h.fetch(`${URL_}?query=${encodeURIComponent('mutation { x }')}`, {
    headers: { accept: 'application/graphql-response+json', 'x-graphql-csrf': '1', 'x-auth-token': TOKEN },
  });
  expect(r.status).toBe(405);
  expect(r.headers.get('allow')).toBe('POST');
  expect(listCalls(h.sim)).toHaveLength(0);
});

test.each([
  ['application/graphql-response+json', 'application/graphql-response+json'],
  ['application/json', 'application/json'],
  ['*/*', 'application/json'],
])('Accept %s answers %s', async (accept, type) => {
  const r = await h.fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain(type);
});

test('a request error is 400 under graphql-response+json and 200 under application/json', async () => {
  const post = (accept: string) =>
    h.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: '{ nope }' }),
    });
  expect((await post('application/graphql-response+json')).status).toBe(400);
  expect((await post('application/json')).status).toBe(200);
});

test('an unsupported Accept gets 406 and an unsupported body type 415', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const notAcceptable = await h.fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/xml' },
    body,
  });
  expect(notAcceptable.status).toBe(406);
  const unsupported = await h.fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body,
  });
  expect(unsupported.status).toBe(415);
});
