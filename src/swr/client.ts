import { type Context, context } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger';
import type { Resilience } from '../resilience/policy';
import { inClientSpan } from '../tracing/clientSpans';
import type { Tracer } from '../tracing/tracer';
import type { UpstreamCredential } from './credentials/credential';
import { type SharedRepository, toInt, toSharedRepository } from './mapping';
import { canonicalListQuery } from './query';
import { headerValue, requestText, type TextResponse } from './requestText';
import { abortedError, parseErrorBody, parseRetryAfter, UpstreamError } from './upstreamError';
import { checkSharedRepositories, parseJsonPreservingLongs, ShapeError } from './validate';
import { SHARED_REPOSITORIES_PATH, type WireListQuery } from './wire';

export interface SwrClientOptions {
  endpoint: URL;
  /** Injected so tests and the process share one pool; never a global dispatcher. */
  dispatcher: Dispatcher;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxResponseBytes: number;
  logger: Logger;
  /** Told about every HTTP attempt (metrics: duration, status, in-flight). */
  observer?: UpstreamObserver;
  /** Retry, bulkhead and circuit breaker of this upstream origin, around every request the client makes. */
  resilience: Resilience;
  /** The upstream budget (UPSTREAM_RATE_LIMIT): asked before every HTTP request; absent when off. */
  budget?: UpstreamAdmission | undefined;
  /** Traces every HTTP attempt (a CLIENT span each); absent when tracing is off. */
  tracer?: Tracer | undefined;
}

/** Admits one HTTP request for a credential, or throws the `budget` failure without it being made. */
export interface UpstreamAdmission {
  admit(credential: UpstreamCredential): Promise<void>;
}

/** `start()` is called when an HTTP attempt begins; the function it returns, with the outcome, when it ends. */
export interface UpstreamObserver {
  start(): (outcome: string) => void;
}

export interface CallOptions {
  /** Aborts the call: the caller went away or its deadline passed. */
  signal?: AbortSignal;
  /** The request's deadline (`performance.now()` clock): retries and their pauses must end before it. */
  deadlineAt?: number;
  requestId?: string;
  /** W3C trace context of the incoming request, forwarded so SWR's logs join the caller's trace. */
  traceparent?: string;
  tracestate?: string;
  /**
   * When tracing: the context of the span the call's spans belong under (its page lookup). Each attempt's CLIENT
   * span then replaces the caller's `traceparent` with its own, so SWR's work joins the trace under that attempt.
   */
  trace?: Context | undefined;
}

export interface ListResult {
  items: SharedRepository[];
  /** Total matches: `total_range`, else `Content-Range`'s total; unknown for an empty page past offset 0. */
  total: number | undefined;
  upstreamRequestId: string | undefined;
  /** Length of SWR's body: what the page weighs in the memory cache without serializing it again. */
  sourceBytes?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Map a thrown transport error to an UpstreamError. */
export function transportError(error: unknown, signal: AbortSignal | undefined): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = (error as { code?: string } | null)?.code ?? '';
  if (signal?.aborted) return abortedError(signal, error);
  if (TIMEOUT_CODES.has(code))
    return new UpstreamError('timeout', `upstream timeout (${code})`, { cause: error });
  if (NETWORK_CODES.has(code) || code.startsWith('UND_ERR')) {
    return new UpstreamError('network', `upstream network error (${code})`, { cause: error });
  }
  return new UpstreamError('network', 'upstream request failed', { cause: error });
}

/** Total from `Content-Range: {offset}-{count}/{total}`. */
export function totalFromContentRange(value: string | undefined): number | undefined {
  const match = value ? /\/(\d+)\s*$/.exec(value) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

interface Received {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The one client for SWR: one method per endpoint; URL building, timeouts, parsing and errors live here. */
export class SwrClient {
  constructor(private readonly options: SwrClientOptions) {}

  get origin(): string {
    return this.options.endpoint.origin;
  }

  async listSharedRepositories(
    query: WireListQuery,
    credential: UpstreamCredential,
    call: CallOptions = {},
  ): Promise<ListResult> {
    const path = `${SHARED_REPOSITORIES_PATH}?${canonicalListQuery(query)}`;
    const { body, headers } = await this.get(path, credential, call);
    let items: SharedRepository[];
    let total: number | undefined;
    try {
      const wire = checkSharedRepositories(parseJsonPreservingLongs(body));
      items = wire.map((w) => toSharedRepository(w, this.options.logger));
      const first = wire[0];
      const declared =
        first?.total_range !== undefined
          ? first.total_range
          : totalFromContentRange(headerValue(headers, 'content-range'));
      // `totalCount` is a GraphQL Int: a total beyond 32 bits is as invalid as a malformed one.
      total = declared === undefined ? undefined : toInt(declared, 'total_range');
    } catch (error) {
      const where = error instanceof ShapeError ? error.where : 'json';
      throw new UpstreamError('invalid', `invalid list body (${where})`, {
        upstreamRequestId: headerValue(headers, 'x-request-id'),
      });
    }
    return {
      items,
      total,
      upstreamRequestId: headerValue(headers, 'x-request-id'),
      sourceBytes: body.length,
    };
  }

  /**
   * The single request path. Every GET runs through the resilience policies (retry, bulkhead, breaker); when SWR
   * answers 401 and the credential can renew itself (a service IAM token revoked or expired early), it is renewed
   * and the request made once more. A second 401 stands; retries never touch a 401.
   */
  private get(path: string, credential: UpstreamCredential, call: CallOptions): Promise<Received> {
    // Traced, the whole call runs in its parent span's context: IAM token requests and log lines join it too.
    if (this.options.tracer === undefined || call.trace === undefined)
      return this.send(path, credential, call);
    return context.with(call.trace, () => this.send(path, credential, call));
  }

  private async send(path: string, credential: UpstreamCredential, call: CallOptions): Promise<Received> {
    const sent: { auth?: Record<string, string> } = {};
    const budget = this.options.budget;
    const policyCall = budget ? { ...call, admit: () => budget.admit(credential) } : call;
    let attempts = 0;
    const once = (into: typeof sent) =>
      this.options.resilience.run(() => this.traced(path, credential, call, into, attempts++), policyCall);
    try {
      return await once(sent);
    } catch (error) {
      const renewable = error instanceof UpstreamError && error.status === 401 && sent.auth !== undefined;
      if (!renewable || !credential.onUnauthorized || !(await credential.onUnauthorized(sent.auth ?? {}))) {
        throw error;
      }
      return once({});
    }
  }

  /** One attempt in a CLIENT span of its own when tracing: the request then carries that span's trace context. */
  private async traced(
    path: string,
    credential: UpstreamCredential,
    call: CallOptions,
    sent: { auth?: Record<string, string> },
    resendCount: number,
  ): Promise<Received> {
    const { tracer, endpoint } = this.options;
    if (tracer === undefined) return this.observed(path, credential, call, sent);
    return inClientSpan(
      tracer,
      { method: 'GET', endpoint, path: SHARED_REPOSITORIES_PATH, upstream: 'SWR', resendCount },
      (traceHeaders) => this.observed(path, credential, { ...call, ...traceHeaders }, sent),
      (received) => ({
        status: received.status,
        upstreamRequestId: headerValue(received.headers, 'x-request-id'),
      }),
    );
  }

  /** One observed HTTP attempt: the outcome is the status code, or the failure kind when there is none. */
  private async observed(
    path: string,
    credential: UpstreamCredential,
    call: CallOptions,
    sent: { auth?: Record<string, string> },
  ): Promise<Received> {
    const finish = this.options.observer?.start();
    try {
      const result = await this.attempt(path, credential, call, sent);
      finish?.(String(result.status));
      return result;
    } catch (error) {
      finish?.(error instanceof UpstreamError ? (error.status?.toString() ?? error.failure) : 'network');
      throw error;
    }
  }

  /** One GET with the gateway's rules: no redirects, explicit timeouts, capped body, typed errors. */
  private async attempt(
    path: string,
    credential: UpstreamCredential,
    call: CallOptions,
    sent: { auth?: Record<string, string> },
  ): Promise<Received> {
    const { dispatcher, endpoint, headersTimeoutMs, bodyTimeoutMs, logger } = this.options;
    const started = performance.now();
    const baseHeaders: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
    };
    if (call.requestId) baseHeaders['x-request-id'] = call.requestId;
    if (call.traceparent) baseHeaders.traceparent = call.traceparent;
    if (call.tracestate) baseHeaders.tracestate = call.tracestate;
    let response: TextResponse;
    try {
      const auth = await credential.authorize({
        method: 'GET',
        origin: endpoint.origin,
        path,
        headers: baseHeaders,
      });
      sent.auth = auth;
      const requestHeaders = { ...baseHeaders, ...auth };
      response = await requestText(
        dispatcher,
        {
          origin: endpoint.origin,
          path,
          method: 'GET',
          headers: requestHeaders,
          headersTimeout: headersTimeoutMs,
          bodyTimeout: bodyTimeoutMs,
          signal: call.signal,
        },
        this.options.maxResponseBytes,
      );
    } catch (error) {
      throw transportError(error, call.signal);
    }
    const { statusCode, headers, body: text } = response;
    const upstreamRequestId = headerValue(headers, 'x-request-id');
    logger.debug(
      { upstream: { status: statusCode, ms: Math.round(performance.now() - started), upstreamRequestId } },
      'swr call',
    );
    if (statusCode >= 300 && statusCode < 400) {
      // Following a redirect would hand the caller's token to whatever host it names.
      throw new UpstreamError('invalid', `upstream redirect ${statusCode} not followed`, {
        status: statusCode,
        upstreamRequestId,
      });
    }
    if (statusCode < 200 || statusCode >= 300) {
      const parsed = parseErrorBody(text);
      throw new UpstreamError('http', `upstream status ${statusCode}`, {
        status: statusCode,
        upstreamCode: parsed.code,
        upstreamMessage: parsed.message,
        upstreamRequestId: upstreamRequestId ?? parsed.requestId,
        retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after')),
      });
    }
    return { status: statusCode, body: text, headers };
  }
}
