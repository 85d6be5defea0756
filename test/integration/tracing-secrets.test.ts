import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Fault } from '../../src/simulator';
import { startTracing, type Tracing } from '../../src/tracing/sdk';
import { createHarness, type Harness, listCalls } from '../helpers/harness';
import { akskModeHarness, IAM_USER, tokenModeHarness } from '../helpers/serviceModes';

/**
 * Canary scan of traces: distinctive secrets go in (caller tokens, API keys, the IAM password and the tokens IAM
 * issues, AK/SK and the security token, a collector's API key), and GraphQL variables; many paths run (success,
 * refusals, upstream and IAM failures, token refresh, GET with variables in the URL); then every span's name,
 * attributes, events, links, status and resource is searched for them.
 */
const CALLER_TOKEN = 'CANARY-CALLER-TOKEN-3e1c5a7f';
const PASSWORD = 'CANARY-PASSWORD-8d2f4b6a';
const API_KEY = 'CANARY-APIKEY-6a4c2e0f8b6d4a2c0e8f6b4d';
const WRONG_KEY = 'CANARY-WRONGKEY-1f3b5d7e9a1c3e5b7d9f1a3c';
const AK = 'CANARYAK000000000002';
const SK = 'CANARY-SK-0e2c4a6f8b1d3f5a';
const SECURITY_TOKEN = 'CANARY-STS-5c7e9a1b3d';
const COLLECTOR_KEY = 'CANARY-COLLECTOR-KEY-7b9d1f3a';
const VARIABLE = 'canaryvariable4d6f';

const TRACED = { OTEL_TRACES_EXPORTER: 'otlp' };
const exporter = new InMemorySpanExporter();
let tracing: Tracing;

beforeAll(() => {
  const config = loadConfig({
    ...TRACED,
    OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${COLLECTOR_KEY}`,
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
  });
  tracing = startTracing(config.tracing!, createLogger('silent'), { exporter });
});
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

let pages = 0;
const nextQuery = () =>
  `query Page($name: String) { sharedRepositories(name: $name, page: { size: ${++pages} }) { totalCount } }`;
const unauthorized: Fault = {
  kind: 'respond',
  status: 401,
  body: { error_code: 'APIG.0301', error_msg: 'x' },
};

/** Successes, refusals, SWR and IAM failures, a token refresh; variables in bodies and in GET URLs. */
async function exercise(h: Harness, caller: Record<string, string>): Promise<void> {
  const run = (headers: Record<string, string>) =>
    h.gql(nextQuery(), { name: VARIABLE }, { token: null, headers });
  await run(caller);
  await run({ 'x-api-key': WRONG_KEY });
  await run({});
  h.sim.faults.enqueue(unauthorized, 2);
  await run(caller);
  h.sim.faults.enqueue({ kind: 'serverError' }, 3);
  await run(caller);
  h.sim.revokeIamTokens();
  await run(caller);
  h.sim.iamFaults.enqueue({ kind: 'serverError', status: 503 });
  h.sim.revokeIamTokens();
  await run(caller);
  const variables = encodeURIComponent(JSON.stringify({ name: VARIABLE }));
  await h.fetch(`/graphql?query=${encodeURIComponent(nextQuery())}&variables=${variables}`, {
    headers: caller,
  });
}

/** Everything a span carries, as text. */
async function exported(): Promise<{ text: string; spans: ReadableSpan[] }> {
  await tracing.flush();
  const spans = exporter.getFinishedSpans();
  const text = JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes,
      events: s.events,
      links: s.links,
      status: s.status,
      resource: s.resource.attributes,
    })),
  );
  return { text, spans };
}

async function expectNoSecret(secrets: string[]): Promise<void> {
  const { text, spans } = await exported();
  // The scan saw real traffic: upstream attempts and the failures among them.
  expect(spans.length).toBeGreaterThan(20);
  expect(text).toContain('"http.response.status_code":401');
  for (const secret of [...secrets, VARIABLE, COLLECTOR_KEY]) expect(text).not.toContain(secret);
}

test('passthrough: the caller token (X-Auth-Token or Authorization) and the variables are in no span', async () => {
  const h = await createHarness(TRACED);
  try {
    await exercise(h, { 'x-auth-token': CALLER_TOKEN });
    await exercise(h, { authorization: `Bearer ${CALLER_TOKEN}` });
    await expectNoSecret([CALLER_TOKEN]);
  } finally {
    await h.close();
  }
});

test('token mode: the password, the API keys and the IAM tokens are in no span', async () => {
  const h = await tokenModeHarness(
    { ...TRACED, IAM_PASSWORD: PASSWORD, CALLER_AUTH: 'api-key', API_KEYS: API_KEY },
    { iamUsers: [{ ...IAM_USER, password: PASSWORD }] },
  );
  try {
    await exercise(h, { 'x-api-key': API_KEY });
    const iamTokens = [...new Set(listCalls(h.sim).map((c) => String(c.headers['x-auth-token'])))];
    expect(iamTokens.length).toBeGreaterThanOrEqual(2);
    await expectNoSecret([PASSWORD, API_KEY, WRONG_KEY, ...iamTokens]);
  } finally {
    await h.close();
  }
});

test('aksk mode: the AK, the SK, the security token and the API keys are in no span', async () => {
  const h = await akskModeHarness({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN }, API_KEY, TRACED);
  try {
    await exercise(h, { 'x-api-key': API_KEY });
    const signatures = listCalls(h.sim).map((c) => String(c.headers.authorization));
    expect(signatures[0]).toContain(AK);
    await expectNoSecret([AK, SK, SECURITY_TOKEN, API_KEY, WRONG_KEY, ...signatures]);
  } finally {
    await h.close();
  }
});
