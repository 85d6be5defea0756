import { type AnswerOptions, answerList } from './answer';
import type { Principal } from './authenticate';
import type { SimulatedResponse } from './response';
import { apigErrorResponse } from './swrErrors';
import { SHARED_REPOSITORIES_PATH } from './wire';

export interface IncomingListRequest {
  method: string;
  path: string;
  /** Decided lazily: APIG routes before it authenticates. */
  principal: () => Principal;
  query: Record<string, string>;
}

const NO_SUCH_API = 'The API does not exist or has not been published in the environment';

/** The gateway routes before it authenticates: an unknown path is a 404 even without a token. */
export function route(
  request: IncomingListRequest,
  options: AnswerOptions & { requestId: string },
): SimulatedResponse {
  if (request.path !== SHARED_REPOSITORIES_PATH) {
    return apigErrorResponse(404, 'APIG.0101', NO_SUCH_API, options.requestId);
  }
  if (request.method !== 'GET') {
    return apigErrorResponse(405, 'APIG.0101', NO_SUCH_API, options.requestId, { allow: 'GET' });
  }
  const principal = request.principal();
  if ('failure' in principal)
    return apigErrorResponse(401, 'APIG.0301', principal.failure, options.requestId);
  return answerList(principal.tenant, request.query, options);
}
