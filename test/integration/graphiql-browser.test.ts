import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import { LogCapture } from '../helpers/logs';

/**
 * GraphiQL in a real browser (Debian's chromium, installed by `.ci/run`) against a real gateway in embedded
 * mode, as `npm start` runs it. A missing browser fails this test: nothing here skips.
 */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

let gateway: RunningGateway;
let context: BrowserContext;
let page: Page;
let profile: string;
const requested: string[] = [];
const consoleErrors: string[] = [];
const statuses: number[] = [];

jest.setTimeout(90_000);

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  gateway = await startGateway(config, createLogger('silent', new LogCapture()));
  gateway.server.on('request', (_req, res) => res.on('finish', () => statuses.push(res.statusCode)));
  profile = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 800 },
  });
  context.on('request', (request) => requested.push(request.url()));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${gateway.url}/graphql`);
});

afterAll(async () => {
  await context?.close();
  await gateway?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/**
 * Runs the operation in the active tab once its editor shows `operation`, and returns the result pane's
 * visible text (Monaco renders only the lines in view) once it shows `marker`, a field only that operation
 * selects: a stale pane from another tab never passes.
 */
async function runAndReadResult(operation: string, marker: string): Promise<string> {
  await page.locator('.graphiql-query-editor').getByText(operation).waitFor({ timeout: 30_000 });
  const result = page.locator('.graphiql-response');
  // A click that lands while a freshly opened tab's editors are still mounting is lost: click again (the
  // operation is an idempotent query), up to three times, before giving up.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.graphiql-execute-button').click();
    try {
      await result.getByText(marker).first().waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  return ((await result.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

test('GraphiQL runs the default operation in chromium and shows repositories', async () => {
  const demo = gateway.simulator!.dataset('demo-token', 'self');
  await page.getByText('"demo-token"').waitFor({ timeout: 30_000 });
  const text = await runAndReadResult('FirstPage', '"reference"');
  expect(text).toContain(`"totalCount": ${demo.length}`);
  expect(text).toContain('"nodes": [');
  const names = demo.map((r) => r.name);
  const shown = [...text.matchAll(/"name": "([^"]+)"/g)].map((m) => m[1]!);
  expect(shown.length).toBeGreaterThan(0);
  for (const name of shown) expect(names).toContain(name);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
});

test('the single-namespace example tab runs against a namespace the demo token owns', async () => {
  await page.getByText('OneNamespace', { exact: true }).click();
  // Long values wrap in the result pane: compare without whitespace.
  const text = (await runAndReadResult('OneNamespace', '"path"')).replace(/\s+/g, '');
  const demo = gateway.simulator!.dataset('demo-token', 'self');
  const shown = [...new Set(demo.map((r) => r.namespace))].filter((ns) => text.includes(`.com/${ns}/`));
  expect(shown).toHaveLength(1);
  const count = demo.filter((r) => r.namespace === shown[0]).length;
  expect(text).toContain(`"totalCount":${count},`);
});

test('the page loaded everything from the gateway and broke no CSP rule', () => {
  const origin = new URL(gateway.url).origin;
  expect(requested.length).toBeGreaterThan(5);
  expect(requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([]);
  // Blocked loads and CSP violations both surface as console errors.
  expect(consoleErrors).toEqual([]);
});

test('the browser revalidates a GET query with its ETag and gets a 304', async () => {
  const before = statuses.filter((status) => status === 304).length;
  const bodies = await page.evaluate(async () => {
    const url = `/graphql?query=${encodeURIComponent('{ sharedRepositories { totalCount } }')}`;
    const read = async () => (await fetch(url, { headers: { 'x-auth-token': 'demo-token' } })).text();
    return [await read(), await read()];
  });
  expect(bodies[1]).toBe(bodies[0]);
  expect(bodies[0]).toContain('totalCount');
  expect(statuses.filter((status) => status === 304).length).toBe(before + 1);
});
