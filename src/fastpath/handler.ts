import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CacheReport, cacheReport, type UpstreamCache } from '../cache';
import { callerToken } from '../credentials';
import type { Logger } from '../logger';
import { boundedMemo } from '../memo';
import { accessEntry } from '../plugins/accessLog';
import { ETAG_HEADERS, type ETagSigner, ifNoneMatchHits } from '../plugins/etag';
import { elapsedMs } from '../plugins/requestFacts';
import { pickRequestId } from '../requestId';
import { tokenCredential, type UpstreamCredential } from '../swr/credential';
import { traceHeadersOf, traceIdOf } from '../traceContext';
import { CLIENT_GONE, type createDirectExecutor } from './direct';
import { type CachedResult, keepableDeps, operationTail, type ResultCache } from './resultCache';
import { utf8Bytes } from './utf8';

/** One answer the fast path gave, for the metrics. */
export interface Served {
  method: 'GET' | 'POST';
  status: number;
  seconds: number;
  /** Set when the operation was executed here (direct execution), not answered from a kept result. */
  executed?: { operationType: string; operationName?: string; upstreamCalls: number };
}

export interface FastPathDeps {
  results: ResultCache;
  cache: UpstreamCache;
  etag: ETagSigner;
  logger: Logger;
  graphqlEndpoint: string;
  /** Bodies above this (or of unknown length) go to yoga unread (its own limits answer them). */
  maxBodyBytes: number;
  /** Runs vetted documents without yoga when no kept result answers (`createDirectExecutor`); absent: yoga runs them. */
  execute?: ReturnType<typeof createDirectExecutor>;
  /** False while the fast path must step aside (the server is draining). */
  enabled(): boolean;
  /** Told about every answer the fast path gives (metrics). */
  onServed(served: Served): void;
}

/** A Node request that, when the fast path passes, carries its already-read body for yoga. */
type BufferedRequest = IncomingMessage & { body?: Buffer };

interface Operation {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const DATA_OPEN = Buffer.from('{"data":');

/** What access logs and metrics call a request whose caller left before its answer (nginx's convention). */
const CLIENT_CLOSED_REQUEST = 499;

/** The body keys yoga accepts (any other is an error there, so such a body is left to yoga). */
const BODY_KEYS = new Set(['query', 'operationName', 'variables']);

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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The operation of a plain JSON body, or undefined for anything yoga must judge (extensions, odd types). */
function fromBody(text: string): Operation | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || typeof parsed.query !== 'string') return undefined;
  for (const key in parsed) if (!BODY_KEYS.has(key)) return undefined;
  const { query, operationName, variables } = parsed;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isPlainObject(variables)) return undefined;
  return { query, operationName, variables } as Operation;
}

/** A body's operation and the operation's part of its result key, both made from the body's text alone. */
interface ParsedBody {
  op: Operation;
  tail: string;
}

/**
 * Parsed bodies, by their text: a repeated request (the hot case: the same query, variables and all) is neither
 * parsed nor turned into its key's tail again. Only bodies up to `REMEMBERED_BODY_BYTES`, so the memo's size stays
 * bounded; the operations it hands out are frozen, since every request with that body shares them.
 */
const REMEMBERED_BODIES = 1000;
const REMEMBERED_BODY_BYTES = 4096;
const parseBody = (text: string): ParsedBody | null => {
  const op = fromBody(text);
  return op ? { op, tail: operationTail(op.operationName, op.variables) } : null;
};
const rememberedBody = boundedMemo(REMEMBERED_BODIES, (text) => {
  const parsed = parseBody(text);
  // Shared by every request with this body (at most 4 KB, so never nested deeper than the stack allows).
  if (parsed) deepFreeze(parsed.op);
  return parsed;
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function fromSearch(search: URLSearchParams): Operation | undefined {
  const query = search.get('query');
  if (!query || search.has('extensions')) return undefined;
  try {
    const text = search.get('variables');
    const variables: unknown = text ? JSON.parse(text) : undefined;
    if (variables !== undefined && !isPlainObject(variables)) return undefined;
    return { query, operationName: search.get('operationName') ?? undefined, variables };
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
 * The fast path, in front of yoga, in two steps:
 * - hot: a query this credential already asked, whose result was built only from pages that are still the page
 *   cache's current fresh entries, is answered from the kept result — no parsing, validation or execution;
 * - direct: otherwise a document yoga already vetted runs here without the yoga pipeline (`createDirectExecutor`),
 *   and its result is kept for next time.
 * Everything else (an unknown document, a browser request with `Origin`, `no-cache`, persisted operations, errors,
 * anything unusual) goes to yoga unchanged. Only the passthrough mode uses it: there the credential is the
 * caller's own token, so the key (the cache's HMAC of it) already says whose data it is; service modes must
 * authenticate every caller first.
 */
export function createFastPath(deps: FastPathDeps) {
  const { results, cache, logger } = deps;
  const keyOf = (credential: UpstreamCredential, op: Operation) =>
    results.keyOf(cache.ownerOf(credential), op.query, op.operationName, op.variables);

  /** Write a successful answer: the result's data and the cache report, as yoga would; returns the status. */
  function respond(
    req: IncomingMessage,
    res: ServerResponse,
    reply: { mediaType: string; requestId: string; identity: string; data: Buffer; report?: CacheReport },
  ): number {
    const headers: Record<string, string> = {
      'content-type': reply.mediaType,
      'x-request-id': reply.requestId,
    };
    // The data goes out as the kept bytes themselves; only the short envelope around them is encoded here.
    const tail = Buffer.from(
      reply.report === undefined ? '}' : `,"extensions":{"cache":${JSON.stringify(reply.report)}}}`,
      'utf8',
    );
    if (req.method === 'GET') {
      const etag = `W/"${deps.etag.tagOf(reply.identity, reply.data)}"`;
      Object.assign(headers, ETAG_HEADERS, { etag });
      if (ifNoneMatchHits((req.headers['if-none-match'] as string | undefined) ?? null, etag)) {
        delete headers['content-type'];
        headers['content-length'] = '0';
        res.writeHead(304, headers);
        res.end();
        return 304;
      }
    }
    headers['content-length'] = String(DATA_OPEN.length + reply.data.length + tail.length);
    res.writeHead(200, headers);
    // Written in one tick: Node corks the socket, so the three parts leave in one system call.
    res.write(DATA_OPEN);
    res.write(reply.data);
    res.end(tail);
    return 200;
  }

  /** Answer from the kept result under `key`, if it is still built on current pages. */
  function answerKept(
    req: IncomingMessage,
    res: ServerResponse,
    credential: UpstreamCredential,
    key: string,
    mediaType: string,
    started: number,
  ): boolean {
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
    const status = respond(req, res, {
      mediaType,
      requestId,
      identity: credential.identity,
      data: kept.json,
      report,
    });
    const ms = performance.now() - started;
    deps.onServed({ method: req.method === 'GET' ? 'GET' : 'POST', status, seconds: ms / 1000 });
    logger.info(
      {
        ...accessEntry({
          requestId,
          method: req.method ?? 'GET',
          path: deps.graphqlEndpoint,
          status,
          ms: elapsedMs({ startedAt: started }),
          cache: 'HIT',
        }),
        fastPath: true,
      },
      'request',
    );
    return true;
  }

  /** Run a vetted document here; false leaves the request to yoga (with the executed result when it erred). */
  async function answerExecuted(
    req: IncomingMessage,
    res: ServerResponse,
    credential: UpstreamCredential,
    op: Operation,
    key: string,
    mediaType: string,
    started: number,
  ): Promise<boolean> {
    const executed = await deps.execute?.(req, res, op, credential);
    if (!executed) return false;
    if (executed === CLIENT_GONE) {
      const ms = performance.now() - started;
      deps.onServed({ method: 'POST', status: CLIENT_CLOSED_REQUEST, seconds: ms / 1000 });
      logger.info(
        {
          method: 'POST',
          path: deps.graphqlEndpoint,
          status: CLIENT_CLOSED_REQUEST,
          ms: elapsedMs({ startedAt: started }),
          direct: true,
        },
        'request: the caller left before its answer',
      );
      return true;
    }
    const { context } = executed;
    const data = utf8Bytes(JSON.stringify(executed.data));
    const resultDeps = keepableDeps(context.cacheLookups);
    if (resultDeps) results.keep(key, { json: data, deps: resultDeps });
    const { requestId } = context;
    const report = cacheReport(context.cacheLookups);
    const status = respond(req, res, {
      mediaType,
      requestId,
      identity: credential.identity,
      data,
      report,
    });
    const ms = performance.now() - started;
    const operationName = executed.operation.name;
    deps.onServed({
      method: 'POST',
      status,
      seconds: ms / 1000,
      executed: { operationType: 'query', operationName, upstreamCalls: context.upstreamCalls },
    });
    if (logger.isLevelEnabled('info'))
      logger.info(
        {
          ...accessEntry({
            requestId,
            traceId: traceIdOf(traceHeadersOf(context.request.headers)),
            method: 'POST',
            path: deps.graphqlEndpoint,
            status,
            ms: elapsedMs({ startedAt: started }),
            operation: operationName,
            operationType: 'query',
            upstreamCalls: context.upstreamCalls,
            cache: report?.status,
          }),
          direct: true,
        },
        'request',
      );
    return true;
  }

  /** Answer from a kept result or by direct execution, or hand the request (with its body, if read) to `next`. */
  async function route(req: BufferedRequest, res: ServerResponse, next: () => void): Promise<void> {
    const started = performance.now();
    const url = req.url ?? '';
    const path = url.split('?', 1)[0];
    const cacheControl = req.headers['cache-control'];
    const mediaType = MEDIA_TYPES[(req.headers.accept ?? '').trim().toLowerCase()];
    if (
      !deps.enabled() ||
      path !== deps.graphqlEndpoint ||
      !mediaType ||
      req.headers.origin !== undefined ||
      (cacheControl !== undefined && /no-cache|no-store/i.test(cacheControl))
    ) {
      next();
      return;
    }
    const token = tokenOf(req);
    const credential = token ? tokenCredential(token) : undefined;
    if (req.method === 'GET') {
      const op = credential ? fromSearch(new URLSearchParams(url.slice(path.length + 1))) : undefined;
      if (!(credential && op && answerKept(req, res, credential, keyOf(credential, op), mediaType, started)))
        next();
      return;
    }
    // Only small JSON bodies of declared length are read here; anything else streams to yoga untouched.
    const length = Number(req.headers['content-length']);
    if (
      req.method !== 'POST' ||
      !credential ||
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
    // From here on yoga can take the request at any point: its body is read.
    req.body = body;
    const text = body.toString('utf8');
    const parsed = body.length <= REMEMBERED_BODY_BYTES ? rememberedBody(text) : parseBody(text);
    if (parsed) {
      const { op } = parsed;
      const key = results.keyWithTail(cache.ownerOf(credential), op.query, parsed.tail);
      if (answerKept(req, res, credential, key, mediaType, started)) return;
      if (await answerExecuted(req, res, credential, op, key, mediaType, started)) return;
    }
    next();
  }

  /**
   * `route`, with a safety net: should anything in the fast path throw, the request still gets an answer — yoga's,
   * when nothing was sent yet — and the process keeps serving (an unhandled rejection would end it).
   */
  return async function handle(req: BufferedRequest, res: ServerResponse, next: () => void): Promise<void> {
    let handedOn = false;
    const toYoga = () => {
      handedOn = true;
      next();
    };
    try {
      await route(req, res, toYoga);
    } catch (error) {
      logger.error(
        { error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown' },
        'fast path failed; the request goes to the full pipeline',
      );
      if (handedOn) return;
      if (res.headersSent) res.destroy();
      else toYoga();
    }
  };
}
