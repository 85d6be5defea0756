import { jsonResponse, type SimulatedResponse } from './response';
import type { ApigErrorBody, SwrErrorElement } from './wire';

/** The SWR error codes this endpoint can produce, with the messages SWR's error-code table gives. */
export const SWR_ERRORS = {
  parametersLost: { code: 'SVCSTG.SWR.4001036', message: 'Parameters lost' },
  invalidParameters: { code: 'SVCSTG.SWR.4001025', message: 'Invalid parameters' },
  invalidNamespace: { code: 'SVCSTG.SWR.4001028', message: 'Invalid organization name' },
  invalidName: { code: 'SVCSTG.SWR.4001029', message: 'Invalid image name' },
  invalidPageSize: { code: 'SVCSTG.SWR.4000056', message: 'Invalid page size' },
  invalidFilter: { code: 'SVCSTG.SWR.4001035', message: 'Invalid filter' },
  listFailed: { code: 'SVCSTG.SWR.5000008', message: 'Failed to obtain the list' },
  tooManyRequests: { code: 'SVCSTG.SWR.4031032', message: 'Too many requests' },
  requestThrottled: {
    code: 'SVCSTG.SWR.4031042',
    message: 'The request is throttled, please try again later',
  },
} as const;

export type SwrErrorKind = keyof typeof SWR_ERRORS;

/** A rejected request: which SWR error, and a detail naming the offending parameter. */
export interface SwrFailure {
  kind: SwrErrorKind;
  detail: string;
}

/** The documented SWR error shape: a top-level array of error elements. */
export function swrErrorBody(failure: SwrFailure): SwrErrorElement[] {
  const { code, message } = SWR_ERRORS[failure.kind];
  return [{ errorCode: code, errorMessage: message, detail: failure.detail }];
}

export function swrErrorResponse(status: number, failure: SwrFailure, requestId: string): SimulatedResponse {
  return jsonResponse(status, swrErrorBody(failure), requestId);
}

/** The API gateway's shape (authentication, routing, throttling): the body repeats the header's request id. */
export function apigErrorResponse(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): SimulatedResponse {
  const body: ApigErrorBody = { error_code: code, error_msg: message, request_id: requestId };
  return jsonResponse(status, body, requestId, extraHeaders);
}
