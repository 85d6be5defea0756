import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/harness';

/**
 * The examples in README.md and docs/ are what newcomers paste first, so each one runs against the gateway as
 * shipped (cache and fast path on, over the simulator): every GraphQL operation shown, and every curl that calls
 * `/graphql` with an SWR token, must answer data without an error.
 */
const ROOT = join(__dirname, '..', '..');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

function blocks(language: string): { file: string; code: string }[] {
  return FILES.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
      .filter((m) => m[1] === language)
      .map((m) => ({ file, code: m[2] as string })),
  );
}

/** Operations, not schema definitions: SDL for another subgraph (`type`, `extend schema`) is not for running. */
const OPERATIONS = blocks('graphql').filter(({ code }) =>
  /^\s*(\{|query\b)/.test(code.replace(/^\s*#.*$/gm, '')),
);

interface Curl {
  file: string;
  headers: Record<string, string>;
  body: string;
}

/** curl calls of `/graphql` that carry an SWR token, with their headers and `-d` body. */
const CURLS: Curl[] = blocks('sh').flatMap(({ file, code }) =>
  code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /\bcurl\b.*\/graphql/.test(line) && /x-auth-token:/i.test(line))
    .map((line) => {
      const headers = Object.fromEntries(
        [...line.matchAll(/-H '([^:']+):\s*([^']*)'/g)].map((m) => [
          (m[1] as string).toLowerCase(),
          m[2] as string,
        ]),
      );
      return { file, headers, body: line.match(/-d '([^']*)'/)?.[1] ?? '' };
    }),
);

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
});
afterAll(() => harness.close());

test('the docs show operations and a curl to run', () => {
  expect(OPERATIONS.filter(({ file }) => file === 'README.md')).toHaveLength(1);
  expect(OPERATIONS.length).toBeGreaterThanOrEqual(5);
  expect(CURLS.filter(({ file }) => file === 'README.md')).toHaveLength(1);
});

test.each(OPERATIONS.map(({ file, code }, i) => [`${file} (operation ${i + 1})`, code]))(
  '%s answers data without an error',
  async (_name, code) => {
    const { status, body } = await harness.gql(code);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data?.sharedRepositories).toBeDefined();
  },
);

test.each(CURLS.map((curl) => [curl.file, curl]))(
  'the curl in %s answers data without an error',
  async (_file, curl) => {
    const response = await harness.fetch('/graphql', {
      method: 'POST',
      headers: curl.headers,
      body: curl.body,
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(response.status).toBe(200);
    expect(body.data?.sharedRepositories).toBeDefined();
  },
);
