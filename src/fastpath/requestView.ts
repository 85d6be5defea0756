import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Read-only Fetch `Headers` over a Node request's headers: what the context and its helpers read. */
class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/**
 * The part of a Fetch `Request` the per-request context uses (headers, method, url and an abort signal that fires
 * when the client goes away before its answer), over a Node request: no body stream, no copies of the headers.
 */
export function requestView(req: IncomingMessage, res: ServerResponse): Request {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const view = {
    headers: new NodeHeaders(req.headers),
    method: req.method ?? 'POST',
    url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
    signal: controller.signal,
  };
  return view as unknown as Request;
}
