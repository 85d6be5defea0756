import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { SimulatedAccessKey } from './aksk';
import type { SimulatedRepository } from './dataset';
import type { FaultController } from './faults';
import type { SimulatedIamUser } from './iam';
import type { Center } from './wire';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The older docs' reading: `offset` must be a multiple of `limit`. */
  strictOffset?: boolean;
  /** Added before every answer. */
  latencyMs?: number;
  /** Leave `total_range` out of every element. */
  omitTotalRange?: boolean;
  /** How long tokens from `POST /v3/auth/tokens` stay valid; default 24 h (IAM's). */
  iamTokenLifetimeMs?: number;
  /** IAM users that may obtain tokens, besides the built-in demo user. */
  iamUsers?: SimulatedIamUser[];
  /** AK/SK pairs accepted for `SDK-HMAC-SHA256` signatures, besides the built-in demo pair. */
  accessKeys?: SimulatedAccessKey[];
  /**
   * The time (epoch ms) APIG and IAM go by: `X-Sdk-Date` skew, AK locks, token expiry. Default `Date.now`; a test
   * moves its own clock instead of waiting out a lock or an expiry. Recording (`receivedAt`, `closedAt`) keeps the
   * wall clock.
   */
  clock?: () => number;
  /**
   * Keep every request in `requests` (default true: tests inspect them). A long-running simulator (embedded in
   * `npm start`, standalone, the benchmark) turns it off: the list would grow for as long as it runs and hold
   * every caller's headers, tokens included. `requestCount` counts either way.
   */
  recordRequests?: boolean;
  logger?: Logger;
}

/** The options a test may change while the simulator runs. */
export type RuntimeOptions = Required<
  Pick<SimulatorOptions, 'strictOffset' | 'latencyMs' | 'omitTotalRange' | 'iamTokenLifetimeMs'>
>;

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters as received; when a name repeats, the first value counts. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  receivedAt: number;
  /** Set when the connection closed before the response finished (client gone, reset fault, or close()). */
  closedAt?: number;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly port: number;
  /**
   * Every request received, in order, including rejected ones; recorded before faults and latency. Stays empty
   * when started with `recordRequests: false`.
   */
  readonly requests: RecordedRequest[];
  /** How many requests arrived, optionally only those for one path. */
  requestCount(path?: string): number;
  /** Sockets currently open: proves a client closed (or kept) its upstream connection. */
  openConnections(): number;
  /** The most requests in progress at once since start or `reset()`: proves a client's concurrency cap. */
  peakConcurrency(): number;
  /** Clear recorded requests, faults and AK locks; restore the options given at start. */
  reset(): void;
  setOptions(options: Partial<RuntimeOptions>): void;
  readonly faults: FaultController;
  /** Faults for IAM's `POST /v3/auth/tokens` (IAM down, slow, refusing). */
  readonly iamFaults: FaultController;
  /** Invalidate every IAM token issued so far, as a password change does. */
  revokeIamTokens(): void;
  /**
   * Build these tokens' data now (`prepareTenants`): their first answers then cost what later ones do. For a
   * benchmark, before a timed run that brings new tokens.
   */
  prepare(tokens: Iterable<string>): void;
  /** The full, unpaged, unsorted list a token sees for a center, without `total_range` (a fresh copy). */
  dataset(token: string, center: Center): SimulatedRepository[];
  /** Close the server and destroy every open socket, hung requests included. */
  close(): Promise<void>;
}
