import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Tracing } from './sdk';

export type { Tracing } from './sdk';

/**
 * The OpenTelemetry SDK when the configuration turns tracing on (`src/main.ts` calls this first), else nothing:
 * only then is any of the SDK's code loaded; without it the gateway's spans are the API's no-ops, never made.
 */
export function startConfiguredTracing(config: Config, logger: Logger): Tracing | undefined {
  if (config.tracing === undefined) return undefined;
  return (require('./sdk') as typeof import('./sdk')).startTracing(config.tracing, logger);
}
