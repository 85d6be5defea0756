import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { problemsOf } from '../helpers/configProblems';
import { runEntry } from '../helpers/process';

test('the default limits', () => {
  const c = loadConfig({});
  expect(c.limits).toEqual({
    maxDepth: 8,
    maxAliases: 15,
    maxTokens: 1000,
    maxDirectives: 50,
    maxCost: 300,
    maxListFields: 3,
    maxBodyBytes: 65536,
  });
  expect(c.http).toEqual({
    maxHeaderBytes: 49152,
    requestTimeoutMs: 30000,
    headersTimeoutMs: 10000,
    keepAliveTimeoutMs: 65000,
  });
  expect(c.shutdown).toEqual({ delayMs: 0, graceMs: 10000 });
  expect(c.workers).toBe(1);
  expect(c.metrics).toEqual({ enabled: true, port: undefined, maxOperationNames: 50 });
  expect(c.corsOrigins).toEqual([]);
  expect(c.trustedDocuments).toBeUndefined();
});

test('introspection follows the environment and GraphiQL unless set', () => {
  expect(loadConfig({}).introspection).toBe(true);
  expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
  expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL_ENABLED: 'true' }).introspection).toBe(true);
  expect(loadConfig({ INTROSPECTION_ENABLED: 'false', GRAPHIQL_ENABLED: 'false' }).introspection).toBe(false);
});

test.each<[string, Record<string, string>, RegExp]>([
  [
    'GraphiQL without introspection',
    { GRAPHIQL_ENABLED: 'true', INTROSPECTION_ENABLED: 'false' },
    /GRAPHIQL_ENABLED/,
  ],
  [
    'headers timeout above request timeout',
    { HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' },
    /HTTP_HEADERS_TIMEOUT_MS/,
  ],
  ['several workers without a metrics port', { WORKERS: '2' }, /METRICS_PORT/],
  [
    'the metrics port equal to the main port',
    { PORT: '4000', METRICS_PORT: '4000' },
    /METRICS_PORT must differ/,
  ],
  ['a cost limit below one full page', { MAX_COST: '50', MAX_PAGE_SIZE: '100' }, /MAX_COST/],
  [
    'rollout mode without a documents file',
    { TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: 'true' },
    /TRUSTED_DOCUMENTS_FILE/,
  ],
])('combination refused: %s', (_name, env, problem) => {
  expect(problemsOf(env).join('\n')).toMatch(problem);
});

test('CORS origins must be exact origins (no wildcard, no path)', () => {
  expect(loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:3000' }).corsOrigins).toEqual([
    'https://a.example.com',
    'http://localhost:3000',
  ]);
  const problems = problemsOf({ CORS_ORIGINS: '*,https://b.example.com/app' }).join('\n');
  expect(problems).toContain('"*"');
  expect(problems).toContain('"https://b.example.com/app"');
});

test('a trusted documents file is read and checked at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  try {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ a: '{ __typename }' }));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ a: 1 }));
    expect(loadConfig({ TRUSTED_DOCUMENTS_FILE: good }).trustedDocuments?.documents.get('a')).toBe(
      '{ __typename }',
    );
    expect(problemsOf({ TRUSTED_DOCUMENTS_FILE: bad }).join()).toMatch(/TRUSTED_DOCUMENTS_FILE/);
    expect(problemsOf({ TRUSTED_DOCUMENTS_FILE: join(dir, 'missing.json') }).join()).toMatch(/cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the process exits 1 and lists every problem in one message', async () => {
  const p = runEntry('src/main.ts', { PORT: 'x', MAX_DEPTH: '0', WORKERS: '3', CORS_ORIGINS: '*' });
  expect(await p.exited).toBe(1);
  const out = p.output();
  expect(out).toContain('Invalid configuration');
  for (const name of ['PORT', 'MAX_DEPTH', 'METRICS_PORT', 'CORS_ORIGINS']) expect(out).toContain(name);
});
