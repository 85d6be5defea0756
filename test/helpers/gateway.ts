import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type RunningGateway, startGateway } from '../../src/server';
import type { Simulator } from '../../src/simulator';
import { LogCapture } from './logs';

/** The whole gateway (fast path included) on a free port over `sim`, logging at info into `logs`. */
export function startGatewayOver(
  sim: Simulator,
  env: Record<string, string> = {},
  logs: LogCapture = new LogCapture(),
): Promise<RunningGateway> {
  const config = loadConfig({
    SWR_ENDPOINT: sim.url,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    ...env,
  });
  // As src/main.ts makes it: with tracing on, log lines carry the active span's ids.
  return startGateway(config, createLogger('info', logs, { traceIds: config.tracing !== undefined }));
}
