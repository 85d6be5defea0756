import { createHash } from 'node:crypto';
import { authenticationFailure } from './auth';
import { type SimulatedRepository, tenantRepositories } from './dataset';
import { firstTouchWork } from './firstTouch';
import { listRepositories } from './listing';
import { parseListQuery } from './query';
import { jsonResponse, type SimulatedResponse } from './response';
import { apigErrorResponse, swrErrorResponse } from './swrErrors';
import type { SharedRepositoryElement } from './wire';

export interface AnswerOptions {
  /** Older docs: `offset` must be a multiple of `limit`. */
  strictOffset: boolean;
  /** Leave `total_range` out of every element (clients must fall back to `Content-Range`). */
  omitTotalRange: boolean;
  /** The server passes a fresh one; without it the id is derived from the inputs, keeping this pure. */
  requestId?: string;
}

function derivedRequestId(token: string | undefined, query: Record<string, string>): string {
  const canonical = JSON.stringify([token ?? null, Object.entries(query).sort()]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Each element is a fresh copy: the stored dataset is shared and frozen. */
function element(
  repository: SimulatedRepository,
  total: number,
  omitTotalRange: boolean,
): SimulatedRepository | SharedRepositoryElement {
  const copy = { ...repository, tags: [...repository.tags] };
  return omitTotalRange ? copy : { ...copy, total_range: total };
}

/** Each stored repository's JSON, made once: datasets are frozen, and die with their tenant's cache entry. */
const repositoryJson = new WeakMap<SimulatedRepository, string>();

/** A stored repository's JSON, made on first use. */
export function repositoryJsonOf(repository: SimulatedRepository): string {
  let json = repositoryJson.get(repository);
  if (json === undefined) {
    json = JSON.stringify(repository);
    repositoryJson.set(repository, json);
    firstTouchWork.repositoryJson++;
  }
  return json;
}

/** `element(...)` as JSON text, from the repository's JSON made once: the same bytes `JSON.stringify` gives. */
function elementJson(repository: SimulatedRepository, total: number, omitTotalRange: boolean): string {
  const json = repositoryJsonOf(repository);
  return omitTotalRange ? json : `${json.slice(0, -1)},"total_range":${total}}`;
}

/**
 * What SWR answers to `GET /v2/manage/shared-repositories`: APIG authentication first, then SWR's
 * parameter validation, then the tenant's filtered, sorted page.
 */
export function answerList(
  token: string | undefined,
  query: Record<string, string>,
  options: AnswerOptions,
): SimulatedResponse {
  const requestId = options.requestId ?? derivedRequestId(token, query);
  const authFailure = authenticationFailure(token);
  if (authFailure !== null || token === undefined) {
    return apigErrorResponse(401, 'APIG.0301', authFailure ?? '', requestId);
  }
  const parsed = parseListQuery(query, options.strictOffset);
  if (!parsed.ok) return swrErrorResponse(400, parsed.failure, requestId);

  const { center, offset, pagingSent } = parsed.query;
  const { page, total } = listRepositories(tenantRepositories(token, center), parsed.query);
  // SWR's own format, `{offset}-{count}/{total}`, not HTTP's `start-end/total`; absent on an empty page.
  const range: Record<string, string> =
    pagingSent && page.length > 0 ? { 'content-range': `${offset}-${page.length}/${total}` } : {};
  const { omitTotalRange } = options;
  return {
    ...jsonResponse(200, undefined, requestId, range),
    // Built only when read (tests read it); what goes on the wire is `payload`.
    get body() {
      return page.map((repository) => element(repository, total, omitTotalRange));
    },
    payload: () =>
      Buffer.from(`[${page.map((repository) => elementJson(repository, total, omitTotalRange)).join(',')}]`),
  };
}
