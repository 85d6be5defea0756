import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheReport } from '../cache';
import { ETAG_HEADERS, type ETagSigner, ifNoneMatchHits, weakETag } from '../request/etag';
import type { JsonMediaType } from '../request/negotiation';

const DATA_OPEN = Buffer.from('{"data":');

/** A successful result the front door answers: its data's JSON bytes and what the cache did for it. */
export interface Answer {
  mediaType: JsonMediaType;
  /** Whose data it is (the credential's identity): the ETag covers it. */
  identity: string;
  data: Buffer;
  report: CacheReport | undefined;
}

/**
 * Write a successful result exactly as yoga would (`{"data":…,"extensions":{"cache":…}}`, the media type, the ETag
 * of a GET and its 304); returns the status. The headers every response gets (request id, CORS, connection) are
 * already set on `res`.
 */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  signer: ETagSigner,
  answer: Answer,
): number {
  const headers: Record<string, string> = {};
  if (req.method === 'GET') {
    const etag = weakETag(signer.tagOfKept(answer.identity, answer.data));
    Object.assign(headers, ETAG_HEADERS, { etag });
    const given = req.headers['if-none-match'];
    if (ifNoneMatchHits(Array.isArray(given) ? given.join(', ') : given, etag)) {
      res.writeHead(304, headers);
      res.end();
      return 304;
    }
  }
  // The data goes out as the kept bytes themselves; only the short envelope around them is encoded here.
  const tail = Buffer.from(
    answer.report === undefined ? '}' : `,"extensions":{"cache":${JSON.stringify(answer.report)}}}`,
    'utf8',
  );
  headers['content-type'] = `${answer.mediaType}; charset=utf-8`;
  headers['content-length'] = String(DATA_OPEN.length + answer.data.length + tail.length);
  res.writeHead(200, headers);
  // Written in one tick: Node corks the socket, so the three parts leave in one system call.
  res.write(DATA_OPEN);
  res.write(answer.data);
  res.end(tail);
  return 200;
}
