import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { UpstreamError } from './upstreamError';

export interface RequestTextOptions extends Dispatcher.DispatchOptions {
  /** Aborts the request (before it is sent, or while its answer arrives) with the signal's reason. */
  signal?: AbortSignal | undefined;
}

export interface TextResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The whole body, decoded as UTF-8. */
  body: string;
}

/**
 * One HTTP request through `dispatcher`, its answer read whole as text, giving up (and closing the connection) once
 * the body would pass `maxBytes`, as soon as its `Content-Length` says so or while it arrives. Rejects with the
 * transport's error, the signal's reason, or an `UpstreamError` `too_large`.
 *
 * A dispatch handler of its own rather than undici's `request()`: that one wraps every answer in a Readable
 * stream in its own async scope, for a body that is only ever collected into one string here: work every miss
 * would pay for and nothing reads.
 */
export function requestText(
  dispatcher: Dispatcher,
  options: RequestTextOptions,
  maxBytes: number,
): Promise<TextResponse> {
  const { signal, ...dispatch } = options;
  return new Promise<TextResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    /** Why the request was given up, once it was: a controller that arrives later is aborted with it. */
    let givenUp: Error | undefined;
    let settled = false;
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const settle = () => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const giveUp = (error: Error) => {
      if (settled) return;
      settle();
      givenUp = error;
      controller?.abort(error);
      reject(error);
    };
    const onAbort = () => giveUp(reasonOf(signal));

    if (signal?.aborted) {
      reject(reasonOf(signal));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (givenUp) c.abort(givenUp);
      },
      onResponseStart(_c, status, responseHeaders) {
        if (status < 200) return; // informational (1xx): the answer is still to come
        statusCode = status;
        headers = responseHeaders;
        const declared = Number(headerValue(responseHeaders, 'content-length') ?? Number.NaN);
        if (declared > maxBytes)
          giveUp(new UpstreamError('too_large', `upstream body of ${declared} bytes exceeds the cap`));
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) {
          giveUp(new UpstreamError('too_large', `upstream body exceeds the ${maxBytes}-byte cap`));
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settle();
        const body =
          chunks.length === 1
            ? (chunks[0] as Buffer).toString('utf8')
            : Buffer.concat(chunks, size).toString('utf8');
        resolve({ statusCode, headers, body });
      },
      onResponseError(_c, error) {
        if (settled) return;
        settle();
        reject(error);
      },
    };
    dispatcher.dispatch(dispatch, handler);
  });
}

function reasonOf(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/** One header of an answer: its first value when it came more than once. */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
