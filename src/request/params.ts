import { createGraphQLError } from 'graphql-yoga';

/** A request's GraphQL parameters as read from its URL or JSON body, before any check. */
export type RawParams = Record<string, unknown>;

/**
 * The parameters of a GET request, read exactly as yoga reads them: an empty value is absent, `variables` and
 * `extensions` are JSON. Throws the `SyntaxError` of malformed JSON.
 */
export function paramsFromSearch(search: string): RawParams {
  const params = new URLSearchParams(search);
  const variables = params.get('variables') || undefined;
  const extensions = params.get('extensions') || undefined;
  return {
    operationName: params.get('operationName') || undefined,
    query: params.get('query') || undefined,
    variables: variables === undefined ? undefined : (JSON.parse(variables) as unknown),
    extensions: extensions === undefined ? undefined : (JSON.parse(extensions) as unknown),
  };
}

/** A body's text as Fetch's `text()` makes it: UTF-8, a leading byte order mark dropped. */
export function decodeBody(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function badBody(message: string, http: { status: number; spec?: boolean }, extra = {}) {
  return createGraphQLError(message, { extensions: { http, code: 'BAD_REQUEST', ...extra } });
}

/**
 * A JSON request body's parameters, with yoga's refusals for what is not an object. The one parser of JSON bodies:
 * the front door and yoga (through `useRequestBody`) both read a body with it.
 */
export function parseJsonBody(text: string): RawParams {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const { name, message } = error as Error;
    throw badBody(
      'POST body sent invalid JSON.',
      { spec: true, status: 400 },
      { originalError: { name, message } },
    );
  }
  if (body === null || typeof body !== 'object') {
    throw badBody(`POST body is expected to be object but received ${body === null ? 'null' : typeof body}`, {
      status: 400,
    });
  }
  return body as RawParams;
}

/** The operation of a request the front door may answer itself. */
export interface DoorOperation {
  query: string;
  /** As given: undefined when absent (or null); `""` is a name, and names no operation. */
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

const DOOR_KEYS = new Set(['query', 'operationName', 'variables', 'extensions']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The operation of parameters in the shape real clients send — a query string, an optional name, optional object
 * variables, and extensions without a persisted-document id — or undefined for anything else, which yoga judges
 * (and refuses or answers exactly as without the front door).
 */
export function doorOperation(params: RawParams): DoorOperation | undefined {
  const { query, operationName, variables, extensions } = params;
  if (typeof query !== 'string' || query === '') return undefined;
  for (const key in params) if (!DOOR_KEYS.has(key)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return undefined;
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
  if (extensions !== undefined && extensions !== null) {
    if (!isPlainObject(extensions) || 'persistedQuery' in extensions) return undefined;
  }
  return {
    query,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
  } as DoorOperation;
}
