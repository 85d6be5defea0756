import { createHarness, type Harness, listCalls, TOKEN } from '../helpers/harness';

const URL_ = 'http://gateway.test/graphql';
const Q = '{ sharedRepositories { totalCount } }';
type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' });
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN, ...headers },
  body: JSON.stringify(body),
});

describe('CSRF prevention', () => {
  test('a JSON POST passes without any extra header', async () => {
    const r = await h.fetch(URL_, json({ query: Q }));
    expect(r.status).toBe(200);
    expect(((await r.json()) as Body).errors).toBeUndefined();
  });

  test('GraphiQL loads (its requests are JSON POSTs, which pass)', async () => {
    const r = await h.fetch(URL_, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<html');
  });

  test.each<[string, RequestInit, string]>([
    ['a GET query', { method: 'GET' }, `${URL_}?query=${encodeURIComponent(Q)}`],
    [
      'a form POST',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${Q}`,
      },
      URL_,
    ],
    [
      'a text/plain POST',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: Q }) },
      URL_,
    ],
  ])(
    '%s without a CSRF or credential header is refused with 403 CSRF_HEADER_REQUIRED',
    async (_name, init, url) => {
      const r = await h.fetch(url, init);
      expect(r.status).toBe(403);
      expect(((await r.json()) as Body).errors?.[0]?.extensions?.code).toBe('CSRF_HEADER_REQUIRED');
      expect(listCalls(h.sim)).toHaveLength(0);
    },
  );

  test('a GET query carrying the caller token runs: a credential header is preflighted like a CSRF header', async () => {
    const r = await h.fetch(`${URL_}?query=${encodeURIComponent(Q)}`, {
      headers: { 'x-auth-token': TOKEN },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as Body).data).toBeDefined();
  });

  test('a GET query with the CSRF header runs', async () => {
    const r = await h.fetch(`${URL_}?query=${encodeURIComponent(Q)}`, {
      headers: { 'x-graphql-csrf': '1', 'x-auth-token': TOKEN },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as Body).data).toBeDefined();
  });
});

describe('CORS', () => {
  const preflight = (origin: string, x: Harness = h) =>
    x.fetch(URL_, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-auth-token',
      },
    });

  test('an evil origin gets no CORS grant, in the preflight or the actual response', async () => {
    const pre = await preflight('https://evil.example.net');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const actual = await h.fetch(URL_, json({ query: Q }, { origin: 'https://evil.example.net' }));
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('an allowlisted origin is granted exactly, without credentials', async () => {
    const pre = await preflight('https://admin.example.com');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-auth-token');
    const actual = await h.fetch(URL_, json({ query: Q }, { origin: 'https://app.example.com' }));
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(actual.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  test('without an allowlist no origin is granted (yoga would reflect any)', async () => {
    const plain = await createHarness();
    try {
      expect(
        (await preflight('https://app.example.com', plain)).headers.get('access-control-allow-origin'),
      ).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('request body', () => {
  const big = { query: `${Q} # ${'x'.repeat(70_000)}` };

  test('a body above the cap is refused with 413 REQUEST_TOO_LARGE and no upstream call', async () => {
    const r = await h.fetch(URL_, json(big));
    expect(r.status).toBe(413);
    expect(((await r.json()) as Body).errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    expect(listCalls(h.sim)).toHaveLength(0);
  });

  test('a streamed body without Content-Length is cut at the cap too', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const r = await h.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
  });

  test('batching is off: an array of operations is refused without an upstream call', async () => {
    const r = await h.fetch(URL_, json([{ query: Q }, { query: Q }]));
    expect(r.status).toBe(400);
    expect(((await r.json()) as Body).errors?.[0]?.message).toMatch(/batching/i);
    expect(listCalls(h.sim)).toHaveLength(0);
  });
});

test('field suggestions are hidden', async () => {
  const r = (await (
    await h.fetch(URL_, json({ query: '{ sharedRepositorie { totalCount } }' }))
  ).json()) as Body;
  expect(r.errors?.[0]?.message).not.toMatch(/did you mean/i);
  expect(r.errors?.[0]?.message).not.toContain('sharedRepositories');
});

describe('introspection and GraphiQL', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  async function surface(env: Record<string, string>) {
    const x = await createHarness(env);
    try {
      const intro = (await (await x.fetch(URL_, json({ query: INTROSPECT }))).json()) as Body;
      const page = await x.fetch(URL_, { headers: { accept: 'text/html' } });
      return {
        introspection: intro.errors ? intro.errors[0]?.extensions?.code : 'on',
        graphiql: (await page.text()).includes('<html') ? 'on' : 'off',
      };
    } finally {
      await x.close();
    }
  }

  test('on in development', async () => {
    expect(await surface({ NODE_ENV: 'development' })).toEqual({ introspection: 'on', graphiql: 'on' });
  });

  test('off in production', async () => {
    expect(await surface({ NODE_ENV: 'production' })).toEqual({
      introspection: 'INTROSPECTION_DISABLED',
      graphiql: 'off',
    });
  });

  test('production with GRAPHIQL_ENABLED turns both on; INTROSPECTION_ENABLED alone only introspection', async () => {
    expect(await surface({ NODE_ENV: 'production', GRAPHIQL_ENABLED: 'true' })).toEqual({
      introspection: 'on',
      graphiql: 'on',
    });
    expect(await surface({ NODE_ENV: 'production', INTROSPECTION_ENABLED: 'true' })).toEqual({
      introspection: 'on',
      graphiql: 'off',
    });
  });
});

test('in production an unexpected error is masked: no message, no stack', async () => {
  // A fault inside the gateway itself: the page cache's clock throws while a request reads a page.
  const broken = await createHarness(
    { NODE_ENV: 'production' },
    {},
    {
      now: () => {
        throw new TypeError('boom at /srv/internal/secret.ts');
      },
    },
  );
  try {
    const r = await broken.fetch(URL_, json({ query: Q }));
    const text = await r.text();
    expect(JSON.parse(text).errors[0].message).toBe('Unexpected error.');
    expect(text).not.toMatch(/boom|secret|stack|at \//);
  } finally {
    await broken.close();
  }
});
