import type { IncomingMessage, ServerResponse } from 'node:http';
import { cacheReport, type UpstreamCache } from '../cache';
import { callerToken } from '../credentials';
import type { Logger } from '../logger';
import { ETAG_HEADERS, type ETagSigner, ifNoneMatchHits } from '../plugins/etag';
import { pickRequestId } from '../requestId';
import { tokenCredential } from '../swr/credential';
import { type CachedResult, type ResultCache, resultKey } from './resultCache';

export interface FastPathDeps {
  results: ResultCache;
  cache: UpstreamCache;
  etag: ETagSigner;
  logger: Logger;
  graphqlEndpoint: string;
  /** Bodies above this (or of unknown length) go to yoga unread (its own limits answer them). */
  maxBodyBytes: number;
  /** False while the fast path must step aside (the server is draining). */
  enabled(): boolean;
  /** Told about every answer the fast path gives (metrics). */
  onServed(method: 'GET' | 'POST', status: number, seconds: number): void;
}

/** A Node request that, when the fast path passes, carries its already-read body for yoga. */
type BufferedRequest = IncomingMessage & { body?: Buffer };

interface Operation {
  query: string;
  operationName?: unknown;
  variables?: unknown;
}

const MEDIA_TYPES: Record<string, string> = {
  '': 'application/json; charset=utf-8',
  '*/*': 'application/json; charset=utf-8',
  'application/json': 'application/json; charset=utf-8',
  'application/graphql-response+json': 'application/graphql-response+json; charset=utf-8',
};

/** The caller's token, by the same rule as the yoga path (`callerToken`). */
function tokenOf(req: IncomingMessage): string | undefined {
  return callerToken((name) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : undefined;
  });
}

function fromBody(body: Buffer): Operation | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown> | null;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof parsed.query !== 'string')
      return undefined;
    if (parsed.extensions !== undefined) return undefined;
    return { query: parsed.query, operationName: parsed.operationName, variables: parsed.variables };
  } catch {
    return undefined;
  }
}

function fromSearch(search: URLSearchParams): Operation | undefined {
  const query = search.get('query');
  if (!query || search.has('extensions')) return undefined;
  try {
    const variables = search.get('variables');
    return {
      query,
      operationName: search.get('operationName') ?? undefined,
      variables: variables ? (JSON.parse(variables) as unknown) : undefined,
    };
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The hot path: a query this credential already asked, whose result was built only from pages that are still the
 * page cache's current fresh entries, is answered here from the kept result — no parsing, validation or
 * execution, no yoga pipeline. Everything else (a miss, a stale page, a browser request with `Origin`, `no-cache`,
 * persisted operations, anything unusual) goes to yoga unchanged, which also keeps the result for next time.
 * Only the passthrough mode uses it: there the credential is the caller's own token, so the key (the cache's HMAC
 * of it) already says whose data it is; service modes must authenticate every caller first.
 */
export function createFastPath(deps: FastPathDeps) {
  const { results, cache, logger } = deps;

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
    op: Operation,
    started: number,
  ): boolean {
    const mediaType = MEDIA_TYPES[(req.headers.accept ?? '').trim().toLowerCase()];
    if (!mediaType) return false;
    const credential = tokenCredential(token);
    const key = resultKey(cache.ownerOf(credential), op.query, op.operationName, op.variables);
    const kept: CachedResult | undefined = results.get(key);
    if (!kept) return false;
    if (!kept.deps.every((d) => cache.isCurrent(d.id, d.storedAt))) {
      results.delete(key);
      return false;
    }
    const now = Date.now();
    const report = cacheReport(
      kept.deps.map((d) => ({ status: 'HIT' as const, ageMs: Math.max(0, now - d.storedAt) })),
    );
    const requestId = pickRequestId(req.headers['x-request-id'] as string | undefined);
    const headers: Record<string, string> = { 'content-type': mediaType, 'x-request-id': requestId };
    let status = 200;
    let body = `{"data":${kept.json},"extensions":{"cache":${JSON.stringify(report)}}}`;
    if (req.method === 'GET') {
      const etag = `W/"${deps.etag.tagOf(credential.identity, kept.json)}"`;
      Object.assign(headers, ETAG_HEADERS, { etag });
      if (ifNoneMatchHits((req.headers['if-none-match'] as string | undefined) ?? null, etag)) {
        status = 304;
        body = '';
        delete headers['content-type'];
      }
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(status, headers);
    res.end(body);
    const ms = performance.now() - started;
    deps.onServed(req.method === 'GET' ? 'GET' : 'POST', status, ms / 1000);
    logger.info(
      {
        requestId,
        method: req.method,
        path: deps.graphqlEndpoint,
        status,
        ms: Math.round(ms * 10) / 10,
        fastPath: true,
        cache: 'HIT',
      },
      'request',
    );
    return true;
  }

  /** Answer from a kept result, or hand the request (with its body, if read) to `next`. */
  return async function handle(req: BufferedRequest, res: ServerResponse, next: () => void): Promise<void> {
    const started = performance.now();
    const url = req.url ?? '';
    const path = url.split('?', 1)[0];
    const cacheControl = req.headers['cache-control'];
    if (
      !deps.enabled() ||
      path !== deps.graphqlEndpoint ||
      req.headers.origin !== undefined ||
      (cacheControl !== undefined && /no-cache|no-store/i.test(cacheControl))
    ) {
      next();
      return;
    }
    const token = tokenOf(req);
    if (req.method === 'GET') {
      const op = token ? fromSearch(new URLSearchParams(url.slice(path.length + 1))) : undefined;
      if (!(token && op && answer(req, res, token, op, started))) next();
      return;
    }
    // Only small JSON bodies of declared length are read here; anything else streams to yoga untouched.
    const length = Number(req.headers['content-length']);
    if (
      req.method !== 'POST' ||
      !token ||
      !/^application\/json\b/i.test(req.headers['content-type'] ?? '') ||
      !(length > 0 && length <= deps.maxBodyBytes)
    ) {
      next();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const op = fromBody(body);
    if (op && answer(req, res, token, op, started)) return;
    req.body = body;
    next();
  };
}
