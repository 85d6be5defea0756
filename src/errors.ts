import { GraphQLError } from 'graphql';
import { UpstreamError } from './swr/upstreamError';

/**
 * The client-visible error taxonomy. Codes are a public contract: frontends switch on them.
 * Everything that is not one of these stays masked by yoga ("Unexpected error.").
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_BAD_REQUEST: 'UPSTREAM_BAD_REQUEST',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_INVALID_RESPONSE: 'UPSTREAM_INVALID_RESPONSE',
  UPSTREAM_RESPONSE_TOO_LARGE: 'UPSTREAM_RESPONSE_TOO_LARGE',
  UPSTREAM_BUSY: 'UPSTREAM_BUSY',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GatewayErrorExtensions {
  code: ErrorCode;
  retryable: boolean;
  upstreamCode?: string;
  upstreamRequestId?: string;
  [key: string]: unknown;
}

export function gatewayError(
  code: ErrorCode,
  message: string,
  extra: Omit<Partial<GatewayErrorExtensions>, 'code'> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, retryable: false, ...extra } });
}

export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, message, argumentName ? { argumentName } : {});
}

export function credentialsRequired(): GraphQLError {
  return gatewayError(
    ErrorCode.UNAUTHENTICATED,
    'An SWR token is required: send it in the X-Auth-Token header (or Authorization: Bearer <token>).',
  );
}

/** Upstream codes that mean "throttled" although SWR answers 403. */
const THROTTLE_CODES = new Set(['SVCSTG.SWR.4031032', 'SVCSTG.SWR.4031042', 'APIG.0308']);

function classifyHttp(e: UpstreamError): { code: ErrorCode; message: string; retryable: boolean } {
  const status = e.status ?? 0;
  if (status === 429 || (e.upstreamCode !== undefined && THROTTLE_CODES.has(e.upstreamCode))) {
    return {
      code: ErrorCode.RATE_LIMITED,
      message: 'SWR is throttling requests; retry later.',
      retryable: true,
    };
  }
  if (status === 401) {
    return { code: ErrorCode.UNAUTHENTICATED, message: 'SWR rejected the credentials.', retryable: false };
  }
  if (status === 403) {
    return { code: ErrorCode.FORBIDDEN, message: 'SWR denied access to this resource.', retryable: false };
  }
  if (status === 404) {
    return {
      code: ErrorCode.NOT_FOUND,
      message: 'SWR did not find the requested resource.',
      retryable: false,
    };
  }
  if (status >= 400 && status < 500) {
    return { code: ErrorCode.UPSTREAM_BAD_REQUEST, message: 'SWR rejected the request.', retryable: false };
  }
  return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'SWR failed to answer.', retryable: true };
}

function classify(e: UpstreamError): { code: ErrorCode; message: string; retryable: boolean } {
  switch (e.failure) {
    case 'http':
      return classifyHttp(e);
    case 'timeout':
      return { code: ErrorCode.UPSTREAM_TIMEOUT, message: 'SWR did not answer in time.', retryable: true };
    case 'network':
    case 'aborted':
      return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'SWR is unreachable.', retryable: true };
    case 'circuit_open':
      return {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        message: 'SWR is failing; the gateway is not calling it for a few seconds.',
        retryable: true,
      };
    case 'budget':
      return {
        code: ErrorCode.RATE_LIMITED,
        message: "The gateway's budget of SWR calls is spent for now; retry later.",
        retryable: true,
      };
    case 'busy':
      return {
        code: ErrorCode.UPSTREAM_BUSY,
        message: 'The gateway has too many SWR requests in progress; retry shortly.',
        retryable: true,
      };
    case 'too_large':
      return {
        code: ErrorCode.UPSTREAM_RESPONSE_TOO_LARGE,
        message: 'SWR answered with more data than the gateway accepts.',
        retryable: false,
      };
    case 'invalid':
      return {
        code: ErrorCode.UPSTREAM_INVALID_RESPONSE,
        message: 'SWR answered with something the gateway could not understand.',
        retryable: false,
      };
  }
}

/**
 * IAM failed while the gateway fetched its service token. A rejection means the gateway's own credentials are
 * wrong or revoked (no caller can fix that, but no data can be had either); anything else is IAM being down.
 */
function classifyIam(e: UpstreamError): { code: ErrorCode; message: string; retryable: boolean } {
  const status = e.status ?? 0;
  if (e.failure === 'http' && status === 429) {
    return { code: ErrorCode.RATE_LIMITED, message: 'IAM is throttling token requests.', retryable: true };
  }
  if (e.failure === 'http' && status >= 400 && status < 500) {
    return {
      code: ErrorCode.UNAUTHENTICATED,
      message: "IAM rejected the gateway's service credentials.",
      retryable: false,
    };
  }
  if (e.failure === 'timeout') {
    return { code: ErrorCode.UPSTREAM_TIMEOUT, message: 'IAM did not answer in time.', retryable: true };
  }
  if (e.failure === 'invalid' || e.failure === 'too_large') {
    return {
      code: ErrorCode.UPSTREAM_INVALID_RESPONSE,
      message: 'IAM answered with something the gateway could not understand.',
      retryable: false,
    };
  }
  return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'IAM is unavailable.', retryable: true };
}

/**
 * Map an upstream failure to a client-safe GraphQLError. Only the stable code, SWR's own error code and its
 * request id cross over; the upstream message, body and URL stay in the logs.
 */
export function toClientError(error: unknown): Error {
  if (error instanceof GraphQLError) return error;
  // Anything unknown is passed through untouched so that yoga masks it.
  if (!(error instanceof UpstreamError)) return error instanceof Error ? error : new Error(String(error));
  const { code, message, retryable } = error.upstream === 'IAM' ? classifyIam(error) : classify(error);
  const extra: Omit<Partial<GatewayErrorExtensions>, 'code'> = { retryable };
  if (error.upstream === 'IAM') extra.upstream = 'IAM';
  if (error.upstreamCode) extra.upstreamCode = error.upstreamCode;
  if (error.upstreamRequestId) extra.upstreamRequestId = error.upstreamRequestId;
  if (error.status !== undefined) extra.upstreamStatus = error.status;
  // Whole seconds, at least 1: after waiting that long a retry may be served.
  if (code === ErrorCode.RATE_LIMITED && error.retryAfterMs !== undefined)
    extra.retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  return gatewayError(code, message, extra);
}

/**
 * Request errors: the gateway refused the request before executing it (no upstream call). Under
 * `application/graphql-response+json` they answer with the HTTP status given (GraphQL over HTTP); under
 * `application/json` the spec keeps them at 200.
 */
export const RequestErrorCode = {
  MAX_DEPTH_EXCEEDED: 'MAX_DEPTH_EXCEEDED',
  MAX_ALIASES_EXCEEDED: 'MAX_ALIASES_EXCEEDED',
  MAX_TOKENS_EXCEEDED: 'MAX_TOKENS_EXCEEDED',
  MAX_DIRECTIVES_EXCEEDED: 'MAX_DIRECTIVES_EXCEEDED',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  TOO_MANY_LIST_FIELDS: 'TOO_MANY_LIST_FIELDS',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
} as const;
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode];

/**
 * A refusal before execution. By default (`spec`) yoga answers 200 under `application/json` and 400 under
 * `application/graphql-response+json`, as GraphQL over HTTP requires for request errors; transport-level
 * refusals (body too large, CSRF) pass `{ status, spec: false }` to answer that status under every media type.
 */
export function requestError(
  code: RequestErrorCode,
  message: string,
  http: { status: number; spec: boolean } = { status: 400, spec: true },
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http } });
}
