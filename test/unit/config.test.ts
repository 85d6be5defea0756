import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationDoc, envExample } from '../../scripts/config-docs';
import { ConfigError, loadConfig, SETTINGS } from '../../src/config';

test('defaults need no environment at all', () => {
  const c = loadConfig({});
  expect(c.port).toBe(4000);
  expect(c.swrEndpoint).toBeUndefined();
  expect(c.paging).toEqual({ defaultSize: 20, maxSize: 100 });
  expect(c.graphiql).toBe(true);
});

test('an empty value counts as unset', () => {
  expect(loadConfig({ PORT: '', SWR_ENDPOINT: '  ' }).port).toBe(4000);
});

test('every problem is reported at once', () => {
  try {
    loadConfig({ PORT: 'abc', MAX_PAGE_SIZE: '5000', SWR_ENDPOINT: 'ftp://x', LOG_LEVEL: 'loud' });
    throw new Error('expected a ConfigError');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'MAX_PAGE_SIZE', 'SWR_ENDPOINT', 'LOG_LEVEL'])
      expect(problems).toContain(name);
  }
});

test('combinations are checked', () => {
  expect(() => loadConfig({ DEFAULT_PAGE_SIZE: '50', MAX_PAGE_SIZE: '10' })).toThrow(/DEFAULT_PAGE_SIZE/);
});

test('an endpoint with a path is refused', () => {
  expect(() => loadConfig({ SWR_ENDPOINT: 'https://swr.example.com/v2' })).toThrow(/origin/);
});

test('production turns GraphiQL off unless enabled', () => {
  expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
  expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL_ENABLED: 'true' }).graphiql).toBe(true);
});

test('.env.example and docs/configuration.md are what `npm run config:docs` writes, every setting in each', () => {
  const root = join(__dirname, '..', '..');
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const doc = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  // A difference here means a setting changed without `npm run config:docs`.
  expect(example).toBe(envExample());
  expect(doc).toBe(configurationDoc());
  for (const name of Object.keys(SETTINGS)) {
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(doc).toContain(`| \`${name}\` |`);
  }
});
