import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authorities, authenticate } from './authenticate';
import { performFault } from './faultResponses';
import type { Fault, FaultQueue } from './faults';
import { newRequestId } from './response';
import { route } from './routing';
import { sendResponse } from './send';
import type { RecordedRequest, RuntimeOptions, SimulatorOptions } from './types';
import { IAM_TOKENS_PATH, SHARED_REPOSITORIES_PATH } from './wire';

/** Split by hand: `new URL()` would read a target such as `//x/y` as a host. First value of a name wins. */
function splitTarget(target: string): { path: string; query: Record<string, string> } {
  const mark = target.indexOf('?');
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1))) {
    if (!parameters.has(name)) parameters.set(name, value);
  }
  // fromEntries defines own properties, so a `__proto__` parameter stays a parameter.
  return { path: mark < 0 ? target : target.slice(0, mark), query: Object.fromEntries(parameters) };
}

/** What every request shares: the recording, the faults, the options in force and who may call. */
export interface ServerState {
  requests: RecordedRequest[];
  /** False: requests are counted but not kept (`SimulatorOptions.recordRequests`). */
  recordRequests: boolean;
  /** Requests received per path since start or reset. */
  counts: Map<string, number>;
  faults: FaultQueue;
  /** Faults for `POST /v3/auth/tokens`. */
  iamFaults: FaultQueue;
  options: RuntimeOptions;
  logger: SimulatorOptions['logger'];
  authorities: Authorities;
  /** `SimulatorOptions.clock`. */
  clock: () => number;
  /** Requests being answered now, and the most at once since start or reset. */
  concurrency: { current: number; peak: number };
}

/** Bodies are small here (IAM's password body); a larger one is cut off, which fails its checks. */
const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Recorded (or only counted) first, before latency and faults, so that tests count exactly what reached the
 * upstream.
 */
function record(state: ServerState, req: IncomingMessage): RecordedRequest {
  const { path, query } = splitTarget(req.url ?? '/');
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query,
    headers: req.headers,
    receivedAt: Date.now(),
  };
  state.counts.set(path, (state.counts.get(path) ?? 0) + 1);
  if (state.recordRequests) state.requests.push(recorded);
  return recorded;
}

/** Wait `ms`; true when the time passed, false as soon as the connection closes (the timer is then cleared). */
function waitOpen(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.closed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const closed = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', closed);
      resolve(true);
    }, ms);
    res.once('close', closed);
  });
}

/** Answer one request: normally, or as the next fault says. Never rejects. */
export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const recorded = record(state, req);
  const { method, path, query } = recorded;
  const requestId = newRequestId();
  const fault =
    path === SHARED_REPOSITORIES_PATH
      ? state.faults.take()
      : path === IAM_TOKENS_PATH
        ? state.iamFaults.take()
        : undefined;
  // Faults stream and wait, so they get a signal; a normal answer needs none (an abort signal is not free).
  const connection = fault === undefined ? undefined : new AbortController();
  state.concurrency.current += 1;
  state.concurrency.peak = Math.max(state.concurrency.peak, state.concurrency.current);
  res.once('close', () => {
    state.concurrency.current -= 1;
    // Only an unfinished answer has timers or streams to stop (and an abort costs an exception with a stack).
    if (res.writableFinished) return;
    recorded.closedAt = Date.now();
    connection?.abort();
  });
  res.once('finish', () =>
    state.logger?.debug({ path, status: res.statusCode, requestId }, 'simulator answered'),
  );
  try {
    // Read in full (also drains it, keeping the connection reusable): AK/SK signatures cover the body's hash.
    const body = await readBody(req);
    const signed = { method, target: req.url ?? '/', headers: req.headers, body };
    const normal = () =>
      path === IAM_TOKENS_PATH
        ? state.authorities.iam.answer(method, body, {
            lifetimeMs: state.options.iamTokenLifetimeMs,
            requestId,
          })
        : route(
            { method, path, query, principal: () => authenticate(signed, state.authorities, state.clock()) },
            { ...state.options, requestId },
          );
    if (state.options.latencyMs > 0 && !(await waitOpen(res, state.options.latencyMs))) return;
    if (connection === undefined) sendResponse(res, normal());
    else await performFault(fault as Fault, { res, requestId, signal: connection.signal, normal });
  } catch (error) {
    // A closed connection aborts timers and streams on purpose; only other failures are worth a log line.
    if (connection?.signal.aborted) return;
    state.logger?.error({ err: error, path }, 'simulator failed to answer');
    res.destroy();
  }
}
