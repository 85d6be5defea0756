/**
 * One typed error for every way an SWR call can fail. Upstream bodies are parsed for their code, message and
 * request id; the raw body is never kept, so nothing of it can leak into a client-visible error.
 */

export type UpstreamFailure =
  /** SWR answered with a non-2xx status. */
  | 'http'
  /** Connect, headers or body timeout, or the request deadline. */
  | 'timeout'
  /** Connection refused/reset, DNS failure, socket closed. */
  | 'network'
  /** 2xx with a body that is not the documented shape, or a redirect. */
  | 'invalid'
  /** Body larger than the configured cap. */
  | 'too_large'
  /** The caller went away; nothing should be cached or retried. */
  | 'aborted'
  /** The circuit breaker is open: SWR kept failing, so the call was not made. */
  | 'circuit_open'
  /** The bulkhead is full: too many upstream calls in flight and queued, so the call was not made. */
  | 'busy'
  /** The identity's upstream budget (UPSTREAM_RATE_LIMIT) is spent for this window, so the call was not made. */
  | 'budget';

export interface UpstreamErrorDetails {
  status?: number;
  upstreamCode?: string;
  /** Upstream message, for logs only (it may echo the request). */
  upstreamMessage?: string;
  upstreamRequestId?: string;
  retryAfterMs?: number;
  /** Which upstream failed: SWR itself (the default) or IAM while fetching the service token. */
  upstream?: UpstreamService;
  cause?: unknown;
}

export type UpstreamService = 'SWR' | 'IAM';

export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;
  readonly status: number | undefined;
  readonly upstreamCode: string | undefined;
  readonly upstreamMessage: string | undefined;
  readonly upstreamRequestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstream: UpstreamService;

  constructor(failure: UpstreamFailure, message: string, details: UpstreamErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.failure = failure;
    this.status = details.status;
    this.upstreamCode = details.upstreamCode;
    this.upstreamMessage = details.upstreamMessage;
    this.upstreamRequestId = details.upstreamRequestId;
    this.retryAfterMs = details.retryAfterMs;
    this.upstream = details.upstream ?? 'SWR';
  }
}

/**
 * The error for an abort with `reason`: a passed deadline is a timeout, anything else means the caller went away.
 * `TimeoutError` is what both the request deadline and `AbortSignal.timeout` abort with.
 */
export function abortedFor(reason: unknown, cause: unknown = reason): UpstreamError {
  // By name, not `instanceof`: a DOMException may come from another realm (jest's vm contexts, for one).
  const isTimeout =
    typeof reason === 'object' && (reason as { name?: unknown } | null)?.name === 'TimeoutError';
  return new UpstreamError(isTimeout ? 'timeout' : 'aborted', 'upstream request aborted', { cause });
}

/** The error for an aborted signal (see `abortedFor`). */
export function abortedError(signal: AbortSignal, cause?: unknown): UpstreamError {
  return abortedFor(signal.reason, cause ?? signal.reason);
}

interface ParsedErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function fromObject(o: Record<string, unknown>): ParsedErrorBody | undefined {
  // SWR: {"errorCode","errorMessage","detail"}
  if ('errorCode' in o || 'errorMessage' in o) {
    return { code: str(o.errorCode), message: str(o.errorMessage) };
  }
  // API gateway: {"error_code","error_msg","request_id"}
  if ('error_code' in o || 'error_msg' in o) {
    return { code: str(o.error_code), message: str(o.error_msg), requestId: str(o.request_id) };
  }
  // SWR sibling endpoints: {"errors":[{...}]}
  if (Array.isArray(o.errors)) return fromUnknown(o.errors[0]);
  // Keystone (IAM): {"error":{"code","message"}}
  if (o.error !== null && typeof o.error === 'object') {
    const e = o.error as Record<string, unknown>;
    return { code: str(e.code), message: str(e.message) };
  }
  return undefined;
}

function fromUnknown(value: unknown): ParsedErrorBody | undefined {
  if (Array.isArray(value)) return fromUnknown(value[0]);
  if (value !== null && typeof value === 'object') return fromObject(value as Record<string, unknown>);
  return undefined;
}

/** Parse any documented error body shape; an empty or unparseable body yields `{}`. */
export function parseErrorBody(text: string): ParsedErrorBody {
  if (text.trim() === '') return {};
  try {
    return fromUnknown(JSON.parse(text)) ?? {};
  } catch {
    return {};
  }
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
