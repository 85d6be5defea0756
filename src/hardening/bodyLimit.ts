import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';

function tooLarge(max: number) {
  return requestError(RequestErrorCode.REQUEST_TOO_LARGE, `The request body exceeds ${max} bytes.`, {
    status: 413,
    spec: false,
  });
}

/** Read a body stream, giving up as soon as it passes `max` bytes (a missing Content-Length cannot dodge it). */
async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Cap the request body: 413 on a declared or streamed size above `max`, before any parsing. */
export function useBodyLimit(max: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.body === null || requestParser === undefined) return;
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (declared > max) throw tooLarge(max);
      setRequestParser(async (req) => {
        const body = req.body ? await readCapped(req.body, max) : null;
        return requestParser(
          new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }),
        );
      });
    },
  };
}
