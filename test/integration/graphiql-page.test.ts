import { loadConfig } from '../../src/config';
import { renderGraphiQLPage } from '../../src/graphiql';
import { ASSET_BASE } from '../../src/graphiql/assets';
import { createLogger } from '../../src/logger';
import { startGateway } from '../../src/server';
import { createHarness, type Harness, TOKEN } from '../helpers/harness';
import { LogCapture } from '../helpers/logs';

const ORIGIN = 'http://gateway.test';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function getHtml(x: Harness = h, path = '/graphql'): Promise<Response> {
  return x.fetch(`${ORIGIN}${path}`, { headers: { accept: 'text/html' } });
}

function attributeUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
}

interface PageOptions {
  title: string;
  shouldPersistHeaders: boolean;
  headers: string;
  defaultTabs: { query: string; variables?: string; headers: string }[];
}

function pageOptions(html: string): PageOptions {
  const json = /<script type="application\/json" id="graphiql-options">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json!) as PageOptions;
}

test('the GraphiQL page references no external host, only the gateway and data: URLs', async () => {
  const html = await (await getHtml()).text();
  const urls = attributeUrls(html);
  expect(urls.length).toBeGreaterThanOrEqual(3);
  for (const url of urls) {
    const resolved = new URL(url, `${ORIGIN}/graphql`);
    expect(resolved.protocol === 'data:' || resolved.origin === ORIGIN).toBe(true);
  }
  expect(html).not.toMatch(/unpkg|jsdelivr|cdn|https?:\/\//i);
});

test('every asset the page and its stylesheet load is served by the gateway with its content type', async () => {
  const html = await (await getHtml()).text();
  const assets = attributeUrls(html).filter((url) => url.startsWith(ASSET_BASE));
  const workers = ['editor.worker.bundle.js', 'json.worker.bundle.js', 'graphql.worker..bundle.js'];
  const boot = await (await h.fetch(`${ORIGIN}${ASSET_BASE}boot.js`)).text();
  for (const worker of workers) expect(boot).toContain(worker);
  for (const path of [...assets, ...workers.map((w) => `${ASSET_BASE}monacoeditorwork/${w}`)]) {
    const response = await h.fetch(`${ORIGIN}${path}`);
    expect([path, response.status]).toEqual([path, 200]);
    const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
    expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await response.text();
    expect(body.length).toBeGreaterThan(100);
    if (type === 'text/css') {
      // The stylesheet's fonts and icons are embedded; any other url() would be a request elsewhere.
      const refs = [...body.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1]!);
      expect(refs.filter((ref) => !ref.startsWith('data:') && !ref.startsWith('#'))).toEqual([]);
    }
  }
});

test('the GraphiQL page carries a CSP that allows only the gateway origin', async () => {
  const response = await getHtml();
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const csp = response.headers.get('content-security-policy')!;
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
  expect(directives.get('default-src')).toEqual(["'none'"]);
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('worker-src')).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  const allowed = new Set(["'self'", "'none'", 'data:', "'unsafe-inline'"]);
  for (const [name, sources] of directives) {
    for (const source of sources) expect([name, allowed.has(source)]).toEqual([name, true]);
    if (name !== 'style-src') expect(sources).not.toContain("'unsafe-inline'");
  }
  expect(response.headers.get('cache-control')).toBe('no-store');
});

test('only listed files are served from the asset path', async () => {
  for (const path of [
    `${ASSET_BASE}yoga-graphiql.es.js`,
    `${ASSET_BASE}%2e%2e%2fpackage.json`,
    `${ASSET_BASE}..%2f..%2fpackage.json`,
    `${ASSET_BASE}monacoeditorwork`,
    '/graphiql/assets/0000000000/boot.js',
  ]) {
    expect([path, (await h.fetch(`${ORIGIN}${path}`)).status]).toEqual([path, 404]);
  }
  const post = await h.fetch(`${ORIGIN}${ASSET_BASE}boot.js`, { method: 'POST' });
  expect(post.status).toBe(405);
});

test('GraphiQL opens with the default operation and the example tabs, headers empty without a demo token', async () => {
  const options = pageOptions(await (await getHtml()).text());
  expect(options.title).toBe('SWR shared images — GraphQL');
  const names = options.defaultTabs.map((tab) => /query (\w+)/.exec(tab.query)?.[1]);
  expect(names).toEqual(['FirstPage', 'PageJump', 'NextPage', 'SharedWithMe', 'OneNamespace']);
  expect(options.defaultTabs[0]!.query).toMatch(
    /page: \{ size: 10 \}\s+sort: \{ field: UPDATED_AT, direction: DESC \}/,
  );
  expect(JSON.parse(options.headers)).toEqual({});
  for (const tab of options.defaultTabs) expect(JSON.parse(tab.headers)).toEqual({});
  expect(options.shouldPersistHeaders).toBe(false);
});

test('in embedded mode every GraphiQL tab has the demo token, and the namespace example one it owns', async () => {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  const gateway = await startGateway(config, createLogger('silent', new LogCapture()));
  try {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    const options = pageOptions(await response.text());
    const demo = { 'X-Auth-Token': config.demoToken };
    expect(JSON.parse(options.headers)).toEqual(demo);
    for (const tab of options.defaultTabs) expect(JSON.parse(tab.headers)).toEqual(demo);
    const { namespace } = JSON.parse(options.defaultTabs[4]!.variables!) as { namespace: string };
    const owned = gateway.simulator!.dataset(config.demoToken, 'self').map((r) => r.namespace);
    expect(owned).toContain(namespace);
  } finally {
    await gateway.close();
  }
});

test('option values cannot close the options script element', () => {
  const html = renderGraphiQLPage({ title: '<b>', defaultQuery: '</script><script>alert(1)</script>' });
  expect(html).not.toContain('</script><script>alert(1)');
  expect(html).toContain('<title>&#60;b&#62;</title>');
  expect(pageOptions(html)).toMatchObject({ defaultQuery: '</script><script>alert(1)</script>' });
});

test('every GraphiQL example operation runs without errors', async () => {
  const options = pageOptions(await (await getHtml()).text());
  const namespace = h.sim.dataset(TOKEN, 'self')[0]!.namespace;
  for (const tab of options.defaultTabs) {
    const variables = JSON.parse(tab.variables ?? '{}') as Record<string, unknown>;
    if ('namespace' in variables) variables.namespace = namespace;
    const result = await h.gql(tab.query, variables);
    expect(result.body.errors).toBeUndefined();
    const connection = result.body.data?.sharedRepositories as { nodes?: unknown[]; edges?: unknown[] };
    expect((connection.nodes ?? connection.edges)!.length).toBeGreaterThan(0);
  }
});

test('with GraphiQL disabled neither the page nor its assets are served', async () => {
  const off = await createHarness({ GRAPHIQL_ENABLED: 'false' });
  try {
    const page = await getHtml(off);
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect((await off.fetch(`${ORIGIN}${ASSET_BASE}boot.js`)).status).toBe(404);
  } finally {
    await off.close();
  }
});
