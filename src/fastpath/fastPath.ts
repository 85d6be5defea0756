import type { IncomingMessage, ServerResponse } from 'node:http';
import { shouldRenderGraphiQL } from 'graphql-yoga';
import type { Access } from '../access/access';
import { cacheReport, type UpstreamCache, wantsFreshAnswer } from '../cache';
import { CLIENT_GONE, type createDirectExecutor } from '../execution/direct';
import { type KeptResults, keepableDeps } from '../execution/keptResults';
import type { KnownOperations } from '../execution/knownOperation';
import { resultKeyOf } from '../execution/resultKey';
import { passesCsrfCheck } from '../hardening/csrf';
import type { ETagSigner } from '../request/etag';
import type { RequestFinisher } from '../request/finish';
import { NodeHeaders, nodeHeader } from '../request/headers';
import { chooseResultMediaType, isJsonBody, type JsonMediaType } from '../request/negotiation';
import {
  type DoorOperation,
  decodeBody,
  doorOperation,
  paramsFromSearch,
  parseJsonBody,
  type RawParams,
} from '../request/params';
import { checkedOperationName } from '../request/record';
import type { RequestState } from '../request/state';
import { boundedMemo } from '../support/boundedMemo';
import { utf8Bytes } from '../support/utf8';
import { endOperationSpan, startOperationSpan } from '../tracing/operationSpan';
import type { Tracer } from '../tracing/tracer';
import { writeAnswer } from './respond';

export interface FastPathDeps {
  results: KeptResults;
  documents: KnownOperations;
  cache: UpstreamCache;
  access: Access;
  etag: ETagSigner;
  execute: ReturnType<typeof createDirectExecutor>;
  finish: RequestFinisher;
  /** Bodies above this (or of unknown length) go to yoga unread (its own limits answer them). */
  maxBodyBytes: number;
  /** GraphiQL is served: a browser's navigation to the endpoint is yoga's. */
  graphiql: boolean;
  /** Traces the operations it answers from kept results; absent when tracing is off. */
  tracer?: Tracer | undefined;
}

export interface FastPath {
  /** Answers a GraphQL request and says true, or says false and leaves it to yoga (with what it learned in `state`). */
  answer(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<boolean>;
  /** Requests answered so far, from kept results and by direct execution. */
  readonly answers: { kept: number; direct: number };
}

/**
 * Parameters of small bodies, by their text: a repeated request (the hot case: the same query, variables and all)
 * is not parsed again. Only bodies up to `REMEMBERED_BODY_BYTES`, so the memo's size stays bounded; the parameters
 * it hands out are frozen, since every request with that body shares them.
 */
const REMEMBERED_BODIES = 1000;
const REMEMBERED_BODY_BYTES = 4096;
const rememberedParams = boundedMemo(REMEMBERED_BODIES, (text) => deepFreeze(parseJsonBody(text)));
/** The same for the query strings of GET requests (urql's default for queries). */
const rememberedSearch = boundedMemo(REMEMBERED_BODIES, (search) => deepFreeze(paramsFromSearch(search)));

/** Freezes a value parsed from at most `REMEMBERED_BODY_BYTES` of JSON, so never nested deeper than the stack allows. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
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
 * The fast path of the front door, for GraphQL requests in the shapes real clients send (GET and JSON POST, any
 * `Accept` that takes JSON): what it cannot answer exactly as yoga would, it leaves to yoga.
 * - hot: a known query this credential already asked, whose result was built only from pages that are still the
 *   page cache's current fresh entries, is answered from the kept result — no parsing, validation or execution;
 * - direct: otherwise a known query (one yoga vetted) runs here without the yoga pipeline, and its result is kept
 *   for next time.
 * Every decision it makes is the gateway's one rule for it (media type, body type, CSRF, caller access, freshness,
 * ETag), which yoga's plugins apply too; the parity test holds both paths to the same answers.
 */
export function createFastPath(deps: FastPathDeps): FastPath {
  return new FrontDoorFastPath(deps);
}

/** The request's parameters, or undefined when it is not in a shape this path reads. */
async function paramsOf(
  req: IncomingMessage,
  state: RequestState,
  maxBodyBytes: number,
): Promise<RawParams | undefined> {
  if (req.method === 'GET') {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const search = query === -1 ? '' : url.slice(query + 1);
    try {
      return search.length <= REMEMBERED_BODY_BYTES ? rememberedSearch(search) : paramsFromSearch(search);
    } catch {
      return undefined;
    }
  }
  // Only JSON bodies of declared length within the limit are read here; anything else streams to yoga untouched.
  const length = Number(req.headers['content-length']);
  if (!isJsonBody(req.headers['content-type']) || !(length > 0 && length <= maxBodyBytes)) return undefined;
  const bytes = await readBody(req);
  const text = decodeBody(bytes);
  // From here on yoga can take the request at any point: it parses this text, not the spent stream.
  state.body = text;
  try {
    state.params = bytes.length <= REMEMBERED_BODY_BYTES ? rememberedParams(text) : parseJsonBody(text);
  } catch (refusal) {
    state.bodyRefusal = refusal;
    return undefined;
  }
  return state.params;
}

/** The request's operation when this path may answer it: the shape, the transport checks. */
async function admit(
  req: IncomingMessage,
  state: RequestState,
  deps: Pick<FastPathDeps, 'graphiql' | 'maxBodyBytes'>,
): Promise<DoorOperation | undefined> {
  if (req.method !== 'GET' && req.method !== 'POST') return undefined;
  if (!passesCsrfCheck((name) => nodeHeader(req.headers, name))) return undefined;
  if (
    req.method === 'GET' &&
    deps.graphiql &&
    shouldRenderGraphiQL({ method: 'GET', headers: new NodeHeaders(req.headers) } as unknown as Request)
  )
    return undefined;
  const params = await paramsOf(req, state, deps.maxBodyBytes);
  return params && doorOperation(params);
}

class FrontDoorFastPath implements FastPath {
  readonly answers = { kept: 0, direct: 0 };

  constructor(private readonly deps: FastPathDeps) {}

  async answer(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<boolean> {
    const mediaType = chooseResultMediaType(nodeHeader(req.headers, 'accept')).json;
    if (mediaType === undefined) return false;
    const op = await admit(req, state, this.deps);
    if (op === undefined) return false;
    const headers = new NodeHeaders(req.headers);
    // The front door may have resolved the caller already (for its caller limit).
    if (state.accessRefusal !== undefined) return false;
    try {
      state.access ??= await this.deps.access.resolve({ headers } as unknown as Request);
    } catch (refusal) {
      state.accessRefusal = refusal;
      return false;
    }
    const { credential, caller } = state.access;
    state.record.caller = caller;
    if (!credential) return false;
    const known = this.deps.documents.lookup(op.query, op.operationName);
    state.documentSighted = true;
    if (known === undefined) return false;
    state.known = known;
    state.record.operationName = checkedOperationName(known.value.name);
    const key = resultKeyOf(this.deps.cache.ownerOf(credential), known.id, op.variables);
    state.resultKey = key;
    const reply = { req, res, state, mediaType, identity: credential.identity };
    if (key !== undefined && !wantsFreshAnswer(headers) && this.answerKept(reply, key)) return true;
    return this.answerDirect(reply, key, {
      known: known.value,
      variables: op.variables,
      credential,
      caller,
      requestId: state.record.id,
      serverSpan: state.record.span,
    });
  }

  /** Answer from the kept result under `key`, if it is still built on current pages. */
  private answerKept(reply: Reply, key: string): boolean {
    const { results, cache } = this.deps;
    const kept = results.get(key);
    if (!kept) return false;
    if (!kept.deps.every((d) => cache.isCurrent(d.id, d.storedAt))) {
      results.delete(key);
      return false;
    }
    const now = Date.now();
    const report = cacheReport(
      kept.deps.map((d) => ({ status: 'HIT' as const, ageMs: Math.max(0, now - d.storedAt) })),
    );
    const { record } = reply.state;
    record.operation = { type: 'query', upstreamCalls: 0, cache: 'HIT' };
    this.answers.kept++;
    const { tracer } = this.deps;
    const facts = { type: 'query', name: record.operationName, answer: 'kept' } as const;
    const traced = tracer && startOperationSpan(tracer, record.span, facts);
    this.write(reply, kept.json, report);
    if (traced) endOperationSpan(traced.span, 0);
    return true;
  }

  /** Run the known query here; what it cannot answer exactly as yoga would, it leaves to yoga. */
  private async answerDirect(
    reply: Reply,
    key: string | undefined,
    run: Parameters<FastPathDeps['execute']>[2],
  ): Promise<boolean> {
    const outcome = await this.deps.execute(reply.req, reply.res, run);
    if (outcome.kind === 'decline') return false;
    if (outcome.kind === 'hand-over') {
      reply.state.handedOver = outcome.handedOver;
      return false;
    }
    // The caller left: its record was finished (499) when the connection closed; nothing is written.
    if (outcome.kind === CLIENT_GONE) return true;
    const { context } = outcome;
    const data = utf8Bytes(JSON.stringify(outcome.data));
    const resultDeps = keepableDeps(context.cacheLookups);
    if (key !== undefined && resultDeps) this.deps.results.keep(key, { json: data, deps: resultDeps });
    const report = cacheReport(context.cacheLookups);
    reply.state.record.operation = {
      type: 'query',
      upstreamCalls: context.upstreamCalls,
      cache: report?.status,
    };
    this.answers.direct++;
    this.write(reply, data, report);
    return true;
  }

  private write(reply: Reply, data: Buffer, report: ReturnType<typeof cacheReport>): void {
    const { req, res, state, mediaType, identity } = reply;
    const status = writeAnswer(req, res, this.deps.etag, { mediaType, identity, data, report });
    this.deps.finish(state.record, status);
  }
}

/** One request being answered by the fast path. */
interface Reply {
  req: IncomingMessage;
  res: ServerResponse;
  state: RequestState;
  mediaType: JsonMediaType;
  /** Whose answer it is (the ETag is signed for it). */
  identity: string;
}
