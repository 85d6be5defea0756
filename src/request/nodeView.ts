import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextBase } from '../context';
import { armDeadline, type Deadline } from '../resilience/deadline';
import { PlainAbortSignal } from '../resilience/plainAbortSignal';
import { NodeHeaders } from './headers';

/** A context base over a Node request, for the front door; `clientGone` says whether the caller left. */
export interface NodeContextBase extends ContextBase {
  readonly clientGone: boolean;
}

/**
 * The part of a Fetch `Request` the per-request context uses (headers, method, url and an abort signal), over a
 * Node request: no body stream, no copies of the headers. One signal serves both ends of the request: it aborts
 * when the client goes away before its answer, and when the request's deadline passes (`startDeadline`). It is a
 * `PlainAbortSignal`, not an `AbortController`'s: one per miss, and hardly any is ever aborted.
 */
export function nodeContextBase(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): NodeContextBase {
  const signal = new PlainAbortSignal();
  let gone = false;
  const onClose = () => {
    if (res.writableFinished) return;
    gone = true;
    signal.abort();
  };
  res.once('close', onClose);
  const request = {
    headers: new NodeHeaders(req.headers),
    method: req.method ?? 'POST',
    url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
    signal: signal.asAbortSignal(),
  } as unknown as Request;
  return {
    request,
    requestId,
    get clientGone() {
      return gone;
    },
    startDeadline(ms: number, startedAt: number): Deadline & { release(): void } {
      const { deadlineAt, timer } = armDeadline(signal, ms, startedAt);
      return { signal: signal.asAbortSignal(), deadlineAt, release: () => clearTimeout(timer) };
    },
  };
}
