import { loadConfigOrExit } from './config';
import { createLogger } from './logger';
import { startGateway } from './server';

/** The only place that reads the environment, opens sockets and handles signals. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel);
  const gateway = await startGateway(config, logger);
  if (gateway.simulator && config.swrAuth.mode === 'passthrough') {
    logger.info(
      { simulator: gateway.simulator.url, demoToken: config.demoToken },
      `embedded SWR simulator running; use X-Auth-Token: ${config.demoToken}`,
    );
  }
  logger.info(
    { url: `${gateway.url}/graphql`, swrAuth: config.swrAuth.mode, callerAuth: config.callerAuth.mode },
    `GraphQL endpoint and GraphiQL at ${gateway.url}/graphql`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
