import { GraphQLError } from 'graphql';
import { UpstreamError } from './swr/errors';

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
    case 'circuit_open':
    case 'busy':
      return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'SWR is unreachable.', retryable: true };
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
  return gatewayError(code, message, extra);
}
