import pino, { type DestinationStream, type Logger } from 'pino';
import { stdoutDestination } from './ops/logDestination';
import { activeSpanIds } from './tracing/logFields';

/**
 * Paths that may hold a credential. Redaction is a second line of defence: code never logs headers
 * wholesale, but a mistake must not put a token into a log line.
 */
const REDACT_PATHS = [
  'token',
  'credential',
  'headers["x-auth-token"]',
  'headers.authorization',
  'headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.headers["x-auth-token"]',
  '*.headers.authorization',
  'headers["x-api-key"]',
  'headers["x-security-token"]',
  'req.headers["x-api-key"]',
  '*.headers["x-api-key"]',
  '*.headers["x-security-token"]',
  'password',
  '*.password',
  'secretKey',
  '*.secretKey',
];

export interface LoggerOptions {
  /** Tracing is on: every line logged while a gateway span is active carries its `traceId` and `spanId`. */
  traceIds?: boolean;
}

/** The root logger: stdout (see `LogDestination`) unless given a destination (tests capture the lines). */
export function createLogger(
  level: string,
  destination: DestinationStream = stdoutDestination(),
  { traceIds = false }: LoggerOptions = {},
): Logger {
  const options = {
    level,
    // pid tells cluster workers (WORKERS > 1) apart.
    base: { service: 'swr-graphql-gateway', pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Fields given to a log call win over the mixin's: the access line names its request's span explicitly.
    ...(traceIds ? { mixin: activeSpanIds } : {}),
  };
  return pino(options, destination);
}

/** Exit once the lines logged so far are out, or the destination stopped waiting for its reader. */
export function exitAfterLogs(logger: Logger, code: number): void {
  logger.flush(() => process.exit(code));
}

export type { Logger };
