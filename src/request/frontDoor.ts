import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { FastPath } from '../fastpath/fastPath';
import type { CorsPolicy } from '../hardening/cors';
import type { Logger } from '../logger';
import type { CallerLimit } from '../rateLimits';
import type { DrainState } from '../server/shutdown';
import { serveTraced } from '../tracing/serverSpan';
import type { Tracer } from '../tracing/tracer';
import { CLIENT_CLOSED_REQUEST, type RequestFinisher } from './finish';
import { nodeHeader } from './headers';
import { openRecord } from './record';
import type { GatewayServerContext, RequestState } from './state';

export interface FrontDoorDeps {
  graphqlEndpoint: string;
  cors: CorsPolicy;
  drain: DrainState;
  finish: RequestFinisher;
  /** Answers what it can of GraphQL requests; absent when the configuration turns it off. */
  fastPath: FastPath | undefined;
  /** Yoga's Node request listener, given the request's state as its server context. */
  yoga: (
    req: IncomingMessage,
    res: ServerResponse,
    context: Pick<GatewayServerContext, 'requestState'>,
  ) => unknown;
  logger: Logger;
  /** The per-caller limit, applied to every GraphQL request before either path; absent when it is off. */
  callerLimit?: CallerLimit | undefined;
  /** Traces every request on the GraphQL endpoint (a SERVER span each); absent when tracing is off. */
  tracer?: Tracer | undefined;
}

/**
 * The one way into the gateway. For every request it opens the request record, sets what every response carries
 * (request id, CORS, `Connection: close` while draining), answers CORS preflights, and makes sure the record is
 * finished exactly once — by whichever path answers, or as 499 when the caller leaves first. GraphQL requests go
 * to the fast path first; whatever it leaves (and everything else) goes to yoga with what it learned.
 */
export function createFrontDoor(deps: FrontDoorDeps): RequestListener {
  const { fastPath, finish, logger } = deps;
  // Responses not yet complete: when the drain starts, those still to send their headers close their connection.
  const open = new Set<ServerResponse>();
  deps.drain.onStart(() => {
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const toYoga = (req: IncomingMessage, res: ServerResponse, state: RequestState) => {
    deps.yoga(req, res, { requestState: state });
  };

  async function route(req: IncomingMessage, res: ServerResponse, state: RequestState, fast: FastPath) {
    try {
      if (await fast.answer(req, res, state)) return;
    } catch (error) {
      logger.error(
        {
          requestId: state.record.id,
          error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown',
        },
        'fast path failed; the request goes to yoga',
      );
      // Should anything throw after the answer began, the connection is cut; otherwise yoga answers.
      if (res.headersSent) {
        res.destroy();
        return;
      }
    }
    toYoga(req, res, state);
  }

  /** A GraphQL request under a caller limit: answered here when over it, else on to the fast path or yoga. */
  async function limited(req: IncomingMessage, res: ServerResponse, state: RequestState, limit: CallerLimit) {
    if (await limit.admit(req, res, state)) return;
    if (fastPath) await route(req, res, state, fastPath);
    else toYoga(req, res, state);
  }

  function serve(req: IncomingMessage, res: ServerResponse, state: RequestState): void {
    const header = (name: string) => nodeHeader(req.headers, name);
    const { record } = state;
    res.setHeader('x-request-id', record.id);
    if (deps.drain.active) res.setHeader('connection', 'close');
    const cors = deps.cors(header('origin'));
    if (cors) for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      finish(record, res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST);
    });
    if (req.method === 'OPTIONS') {
      // A CORS preflight: its answer is the headers above.
      res.writeHead(204, { 'content-length': '0' });
      finish(record, 204);
      res.end();
      return;
    }
    if (record.path !== deps.graphqlEndpoint) toYoga(req, res, state);
    else if (deps.callerLimit) void limited(req, res, state, deps.callerLimit);
    else if (fastPath) void route(req, res, state, fastPath);
    else toYoga(req, res, state);
  }

  return (req, res) => {
    const header = (name: string) => nodeHeader(req.headers, name);
    const state: RequestState = { record: openRecord(req.method ?? 'GET', req.url ?? '/', header) };
    const { tracer, graphqlEndpoint } = deps;
    if (tracer === undefined || state.record.path !== graphqlEndpoint) {
      serve(req, res, state);
      return;
    }
    // The request's one SERVER span, active while it is served; finishing the record ends it (finish.ts).
    serveTraced(tracer, req, state.record, graphqlEndpoint, (span) => {
      state.record.span = span;
      serve(req, res, state);
    });
  };
}
