import { join } from 'node:path';
import { startSimulator } from '../../src/simulator';
import { ROOT, runEntry } from '../helpers/process';

// The optional parts of the gateway weigh on every process's memory (ioredis alone about 8 MB): a gateway that
// does not use them must not load them, and one that does must still find them.
const ENTRY = join(ROOT, 'test', 'fixtures', 'loadedModules.ts');

async function loadedWith(env: Record<string, string>) {
  const run = runEntry(ENTRY, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const line = await run.waitForLog((entry) => 'ioredis' in entry, 30_000);
  await run.exited;
  return line;
}

test('beside a real SWR, memory-only, without JWT callers or tracing: neither ioredis, jose, the simulator nor the OpenTelemetry SDK is loaded', async () => {
  const sim = await startSimulator({ port: 0 });
  try {
    expect(await loadedWith({ SWR_ENDPOINT: sim.url })).toEqual({
      status: 200,
      ioredis: false,
      jose: false,
      simulator: false,
      tracingSdk: false,
    });
  } finally {
    await sim.close();
  }
}, 40_000);

test('the embedded default loads the simulator, still neither ioredis, jose nor the OpenTelemetry SDK', async () => {
  expect(await loadedWith({})).toEqual({
    status: 200,
    ioredis: false,
    jose: false,
    simulator: true,
    tracingSdk: false,
  });
}, 40_000);

test('tracing on loads the OpenTelemetry SDK', async () => {
  expect(
    await loadedWith({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }),
  ).toMatchObject({
    status: 200,
    tracingSdk: true,
  });
}, 40_000);
