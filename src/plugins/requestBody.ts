import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';
import { isJsonBody } from '../request/negotiation';
import { decodeBody, parseJsonBody } from '../request/params';
import { requestStateOf } from '../request/state';

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

/** What yoga's own JSON parser would take (its rule, case-sensitive); the gateway's rule is `isJsonBody`. */
function yogaTakesAsJson(contentType: string | null): boolean {
  const first = contentType?.split(',')[0];
  return ['application/json', 'application/graphql+json'].some(
    (type) => first === type || first?.startsWith(`${type};`) === true,
  );
}

/**
 * How yoga reads a POST body: the front door's reading when it already read it (its text, parsed once, or why it
 * did not parse); a JSON body by the gateway's one `Content-Type` rule and JSON parser; other bodies (multipart,
 * form, GraphQL text) by yoga's parsers. Every body is capped at `max` bytes: 413 on a declared or streamed size
 * above it, before parsing.
 */
export function useRequestBody(max: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const state = requestStateOf(serverContext, request);
      const { params, bodyRefusal, body } = state;
      if (params !== undefined) {
        setRequestParser(() => params);
        return;
      }
      if (bodyRefusal !== undefined) {
        setRequestParser(() => {
          throw bodyRefusal;
        });
        return;
      }
      if (body !== undefined) {
        setRequestParser(() => parseJsonBody(body));
        return;
      }
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      const contentType = request.headers.get('content-type');
      if (isJsonBody(contentType)) {
        if (declared > max) throw tooLarge(max);
        setRequestParser(async (req) =>
          parseJsonBody(decodeBody(req.body ? await readCapped(req.body, max) : new Uint8Array())),
        );
        return;
      }
      // Yoga would read this as JSON, the gateway does not (another charset, a malformed header): 415, as yoga
      // answers a body it has no parser for.
      if (yogaTakesAsJson(contentType)) {
        endResponse(new fetchAPI.Response(null, { status: 415, statusText: 'Unsupported Media Type' }));
        return;
      }
      if (request.body === null || requestParser === undefined) return;
      if (declared > max) throw tooLarge(max);
      setRequestParser(async (req) => {
        const bytes = req.body ? await readCapped(req.body, max) : new Uint8Array();
        return requestParser(
          new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: bytes }),
        );
      });
    },
  };
}
