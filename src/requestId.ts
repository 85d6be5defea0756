import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ids = new WeakMap<Request, string>();

/**
 * The request's id: the caller's `x-request-id` when it is safe to log and forward, else a fresh UUID.
 * Memoised per Request so the context, the logs and the response header agree.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    id = pickRequestId(request.headers.get('x-request-id'));
    ids.set(request, id);
  }
  return id;
}

/** The given id when it is safe to log and forward, else a fresh UUID. */
export function pickRequestId(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
