import { type Harness, harnessPerTest, TOKEN, withoutCacheAges } from '../helpers/harness';

const QUERY = '{ sharedRepositories(page: { size: 3 }) { totalCount nodes { id name description } } }';
const OTHER_TOKEN = 'tenant-beta-token';

// A fresh gateway per test: no cached page or kept result carries from one test to the next.
const harness = harnessPerTest();
let h: Harness;
beforeEach(() => {
  h = harness();
});

/** A GET query, as browsers and GET-preferring clients (urql's default) send it. */
async function get(headers: Record<string, string> = {}, query = QUERY): Promise<Response> {
  const url = `http://gateway.test/graphql?query=${encodeURIComponent(query)}`;
  return h.fetch(url, {
    headers: { accept: 'application/graphql-response+json', 'x-auth-token': TOKEN, ...headers },
  });
}

/** One upstream answer, the same whoever asks: lets two callers see byte-identical results. */
function cannedAnswer(description: string) {
  const [first] = h.sim.dataset(TOKEN, 'self');
  return { kind: 'respond' as const, status: 200, body: [{ ...first, description, total_range: 1 }] };
}

test('the same query again with If-None-Match gets 304 and no body', async () => {
  const first = await get();
  expect(first.status).toBe(200);
  const etag = first.headers.get('etag');
  expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
  expect(first.headers.get('cache-control')).toBe('private, no-cache');
  expect(first.headers.get('vary')).toMatch(/Authorization, X-Auth-Token/);
  expect(((await first.json()) as { data: unknown }).data).toBeTruthy();

  const again = await get({ 'if-none-match': etag! });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  expect(again.headers.get('etag')).toBe(etag);
  expect(again.headers.get('content-type')).toBeNull();
  expect(again.headers.get('x-request-id')).toBeTruthy();
});

test('a change upstream turns the revalidation into a 200 with a new ETag', async () => {
  h.sim.faults.enqueue(cannedAnswer('before'));
  const first = await get();
  const etag = first.headers.get('etag')!;

  h.sim.faults.enqueue(cannedAnswer('after'));
  const changed = await get({ 'if-none-match': etag });
  expect(changed.status).toBe(200);
  expect(changed.headers.get('etag')).not.toBe(etag);
  const body = (await changed.json()) as {
    data: { sharedRepositories: { nodes: { description: string }[] } };
  };
  expect(body.data.sharedRepositories.nodes[0]?.description).toBe('after');
});

test("one caller's ETag never validates another caller's identical result", async () => {
  h.sim.faults.enqueue(cannedAnswer('same'), 3);
  const alpha = await get();
  const beta = await get({ 'x-auth-token': OTHER_TOKEN });
  // The same result (cache ages aside: milliseconds apart); the ETag is of the caller's result, not of the bytes.
  expect(withoutCacheAges(await beta.text())).toBe(withoutCacheAges(await alpha.text()));
  expect(beta.headers.get('etag')).not.toBe(alpha.headers.get('etag'));

  const crossed = await get({ 'x-auth-token': OTHER_TOKEN, 'if-none-match': alpha.headers.get('etag')! });
  expect(crossed.status).toBe(200);
});

test('a result with errors carries no ETag and is never a 304', async () => {
  const failed = await get({ 'x-auth-token': '', 'x-graphql-csrf': '1', 'if-none-match': '*' });
  expect(failed.status).toBe(200);
  expect(failed.headers.get('etag')).toBeNull();
  const body = (await failed.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
});

test('POST answers carry no ETag (RFC 9110 allows 304 only for GET and HEAD)', async () => {
  const response = await h.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN, 'if-none-match': '*' },
    body: JSON.stringify({ query: QUERY }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('etag')).toBeNull();
});
