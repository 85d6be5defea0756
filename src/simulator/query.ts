import type { ListingQuery, SortColumn } from './listing';
import { isValidNamespace, isValidRepositoryNamePart } from './rules';
import type { SwrErrorKind, SwrFailure } from './swrErrors';
import type { Center, OrderType } from './wire';

/** A validated list request. */
export interface ListQuery extends ListingQuery {
  center: Center;
  /** Both `limit` and `offset` were sent: only then does SWR add a `Content-Range` header. */
  pagingSent: boolean;
}

export type QueryParseResult = { ok: true; query: ListQuery } | { ok: false; failure: SwrFailure };

/** Every parameter the endpoint knows; the legacy `filter` carries the same keys as `key::value` pairs. */
const LIST_PARAMETERS = [
  'center',
  'namespace',
  'name',
  'domain_name',
  'status',
  'limit',
  'offset',
  'order_column',
  'order_type',
] as const;

const ORDER_COLUMNS: Readonly<Record<string, SortColumn>> = {
  updated_at: 'updated_at',
  updated_time: 'updated_at',
  name: 'name',
  tag_count: 'tag_count',
  namespace: 'namespace',
  domain_name: 'domain_name',
};

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

class Rejection extends Error {
  constructor(readonly failure: SwrFailure) {
    super(failure.detail);
  }
}

function reject(kind: SwrErrorKind, detail: string): never {
  throw new Rejection({ kind, detail });
}

/** Query records come from parsed URLs; only own keys count (`constructor` is not a parameter). */
function own(record: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `filter=center::self|name::busybox|…`: unknown keys, repeats or a pair without `::` make it malformed. */
function parseFilter(filter: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of filter.split('|')) {
    const separator = pair.indexOf('::');
    const key = pair.slice(0, separator);
    if (separator < 0 || !(LIST_PARAMETERS as readonly string[]).includes(key) || parameters.has(key)) {
      reject('invalidFilter', `malformed filter segment: ${pair}`);
    }
    parameters.set(key, pair.slice(separator + 2));
  }
  return parameters;
}

/**
 * The legacy `filter` and the separate parameters together: the official SDK sends `center` (mandatory there) and,
 * when a filter is used, `filter` beside it. Where both name a parameter, the separate one wins.
 */
function collectParameters(raw: Record<string, string>): Map<string, string> {
  const filter = own(raw, 'filter');
  const parameters = filter === undefined ? new Map<string, string>() : parseFilter(filter);
  for (const key of LIST_PARAMETERS) {
    const value = own(raw, key);
    if (value !== undefined) parameters.set(key, value);
  }
  return parameters;
}

/** A non-negative decimal integer, or undefined for anything else (signs, fractions, blanks). */
function parseCount(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

function parsePaging(parameters: Map<string, string>, strictOffset: boolean) {
  const limitText = parameters.get('limit');
  const offsetText = parameters.get('offset');
  const limit = limitText === undefined ? DEFAULT_LIMIT : parseCount(limitText);
  const offset = offsetText === undefined ? 0 : parseCount(offsetText);
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT)
    reject('invalidPageSize', 'limit must be 1-1000');
  if (offset === undefined) reject('invalidPageSize', 'offset must be an integer >= 0');
  // The older documentation counts offset in pages of `limit`; strict mode plays that reading.
  if (strictOffset && offset % limit !== 0) reject('invalidPageSize', 'offset must be a multiple of limit');
  return { limit, offset, pagingSent: limitText !== undefined && offsetText !== undefined };
}

function parseOrder(parameters: Map<string, string>): { orderColumn: SortColumn; orderType: OrderType } {
  const column = parameters.get('order_column');
  const type = parameters.get('order_type');
  if (column === undefined && type === undefined) return { orderColumn: 'updated_at', orderType: 'desc' };
  if (column === undefined || type === undefined) {
    reject('invalidParameters', 'order_column and order_type must be sent together');
  }
  const orderColumn = Object.hasOwn(ORDER_COLUMNS, column) ? ORDER_COLUMNS[column] : undefined;
  if (orderColumn === undefined) reject('invalidParameters', `unsupported order_column: ${column}`);
  if (type !== 'asc' && type !== 'desc') reject('invalidParameters', `unsupported order_type: ${type}`);
  return { orderColumn, orderType: type };
}

function parseStatus(status: string | undefined): boolean | undefined {
  if (status === undefined) return undefined;
  if (status !== 'true' && status !== 'false') reject('invalidParameters', 'status must be true or false');
  return status === 'true';
}

function parse(raw: Record<string, string>, strictOffset: boolean): ListQuery {
  const parameters = collectParameters(raw);
  const center = parameters.get('center');
  if (center === undefined) reject('parametersLost', 'center is required');
  if (center !== 'self' && center !== 'thirdparty')
    reject('invalidParameters', 'center must be self or thirdparty');
  const namespace = parameters.get('namespace');
  if (namespace !== undefined && !isValidNamespace(namespace)) reject('invalidNamespace', 'namespace');
  // A `/` inside a repository name travels as `$`.
  const name = parameters.get('name')?.replaceAll('$', '/');
  if (name !== undefined && !isValidRepositoryNamePart(name)) reject('invalidName', 'name');
  const domainName = parameters.get('domain_name');
  const status = parseStatus(parameters.get('status'));
  return {
    center,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(domainName === undefined ? {} : { domainName }),
    ...(status === undefined ? {} : { status }),
    ...parsePaging(parameters, strictOffset),
    ...parseOrder(parameters),
  };
}

/** Validate a list request's query exactly as SWR documents it; the first problem found wins. */
export function parseListQuery(raw: Record<string, string>, strictOffset: boolean): QueryParseResult {
  try {
    return { ok: true, query: parse(raw, strictOffset) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, failure: error.failure };
    throw error;
  }
}
