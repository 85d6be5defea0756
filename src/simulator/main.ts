import { loadConfigOrExit } from '../config';
import { createLogger, exitAfterLogs } from '../logger';
import { DEMO_TOKEN, startSimulator } from './index';

/** `npm run simulator`: the SWR simulator on its own port (SIMULATOR_PORT), e.g. for docker-compose. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel).child({ component: 'simulator' });
  const simulator = await startSimulator({
    port: config.simulator.port,
    host: config.host,
    strictOffset: config.simulator.strictOffset,
    recordRequests: false,
    logger,
  });
  logger.info({ url: simulator.url, demoToken: DEMO_TOKEN }, `SWR simulator listening on ${simulator.url}`);
  const stop = () => {
    simulator.close().then(() => exitAfterLogs(logger, 0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
