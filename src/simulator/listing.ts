import type { SimulatedRepository } from './dataset';
import { firstTouchWork } from './firstTouch';
import type { OrderColumn, OrderType } from './wire';

/** `updated_time` is only an older spelling of `updated_at`; the query parser folds it away. */
export type SortColumn = Exclude<OrderColumn, 'updated_time'>;

/** Filters, order and page of one list request, already validated. */
export interface ListingQuery {
  namespace?: string;
  /** Substring of the repository name, with `$` already turned back into `/`. */
  name?: string;
  domainName?: string;
  status?: boolean;
  limit: number;
  offset: number;
  orderColumn: SortColumn;
  orderType: OrderType;
}

export interface Listing {
  page: SimulatedRepository[];
  /** Matches before paging: what `total_range` reports. */
  total: number;
}

type Comparator = (a: SimulatedRepository, b: SimulatedRepository) => number;

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** `2018-03-21T12:22:37Z` and `…37.000001Z` must compare by instant, so pad every fraction to six digits. */
function instantKey(timestamp: string): string {
  const [seconds = '', fraction = ''] = timestamp.replace(/Z$/, '').split('.');
  return `${seconds}.${fraction.padEnd(6, '0')}`;
}

const BY_COLUMN: Record<SortColumn, Comparator> = {
  updated_at: (a, b) => compareText(instantKey(a.updated_at), instantKey(b.updated_at)),
  name: (a, b) => compareText(a.name, b.name),
  tag_count: (a, b) => a.tags.length - b.tags.length,
  namespace: (a, b) => compareText(a.namespace, b.namespace),
  domain_name: (a, b) => compareText(a.domain_name, b.domain_name),
};

/** Every column a list can be sorted by. */
export const SORT_COLUMNS = Object.keys(BY_COLUMN) as SortColumn[];

/**
 * A total order: the chosen column in the chosen direction, then namespace and name ascending whatever
 * the direction (namespace/name is unique within a list), so pages never overlap or skip.
 */
export function repositoryOrder(column: SortColumn, direction: OrderType): Comparator {
  const sign = direction === 'asc' ? 1 : -1;
  const primary = BY_COLUMN[column];
  return (a, b) =>
    sign * primary(a, b) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

export function matchesQuery(repository: SimulatedRepository, query: ListingQuery): boolean {
  return (
    (query.namespace === undefined || repository.namespace === query.namespace) &&
    (query.name === undefined || repository.name.includes(query.name)) &&
    (query.domainName === undefined || repository.domain_name === query.domainName) &&
    (query.status === undefined || repository.status === query.status)
  );
}

/** A frozen list's sorted copies, per column and direction, made once (a total order: filtering keeps it). */
const sortedLists = new WeakMap<
  readonly SimulatedRepository[],
  Map<string, readonly SimulatedRepository[]>
>();

export function sortedList(
  all: readonly SimulatedRepository[],
  column: SortColumn,
  direction: OrderType,
): readonly SimulatedRepository[] {
  const sort = () => [...all].sort(repositoryOrder(column, direction));
  // Only a frozen list can be remembered by identity: another could change under the same reference.
  if (!Object.isFrozen(all)) return sort();
  let byOrder = sortedLists.get(all);
  if (byOrder === undefined) {
    byOrder = new Map();
    sortedLists.set(all, byOrder);
  }
  const key = `${column} ${direction}`;
  let list = byOrder.get(key);
  if (list === undefined) {
    list = sort();
    byOrder.set(key, list);
    firstTouchWork.sortedCopies++;
  }
  return list;
}

/** Sort (once per frozen list and order), filter, then page. */
export function listRepositories(all: readonly SimulatedRepository[], query: ListingQuery): Listing {
  const matches = sortedList(all, query.orderColumn, query.orderType).filter((repository) =>
    matchesQuery(repository, query),
  );
  return { page: matches.slice(query.offset, query.offset + query.limit), total: matches.length };
}
