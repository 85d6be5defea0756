import type { GatewayContext } from '../context';
import { badUserInput } from '../errors';
import type { ListResult } from '../swr/client';
import type { SharedRepository } from '../swr/mapping';
import { namespaceProblem, repositoryNamePartProblem } from '../swr/rules';
import type { WireCenter, WireListQuery, WireOrderColumn, WireOrderType } from '../swr/wire';
import { decodeCursor, queryFingerprint } from './cursor';
import { planWindow, type UpstreamPage } from './window';

export type CenterArg = 'SELF' | 'THIRD_PARTY';
export type SortFieldArg = 'NAME' | 'UPDATED_AT' | 'TAG_COUNT';
export type SortDirectionArg = 'ASC' | 'DESC';

export interface ListArgs {
  center: CenterArg;
  namespace?: string | null;
  name?: string | null;
  page?: { size?: number | null; number?: number | null; after?: string | null } | null;
  sort?: { field: SortFieldArg; direction?: SortDirectionArg | null } | null;
}

/** One resolved window of a result list; the connection's fields are derived from it on demand. */
export interface ListWindow {
  items: SharedRepository[];
  /** Absolute position of `items[0]` in the full list. */
  start: number;
  size: number;
  total: number;
  fingerprint: string;
}

export const CENTERS: Record<CenterArg, WireCenter> = { SELF: 'self', THIRD_PARTY: 'thirdparty' };
const SORT_COLUMNS: Record<SortFieldArg, WireOrderColumn> = {
  NAME: 'name',
  UPDATED_AT: 'updated_at',
  TAG_COUNT: 'tag_count',
};
/** Positions beyond this cannot be addressed (SWR's offsets are 32-bit in practice). */
const MAX_POSITION = 2_000_000_000;

interface ValidArgs {
  base: Omit<WireListQuery, 'limit' | 'offset'>;
  size: number;
  fingerprint: string;
  start: number;
}

function validate(args: ListArgs, maxSize: number, defaultSize: number): ValidArgs {
  const namespace = args.namespace ?? undefined;
  const name = args.name ?? undefined;
  if (namespace !== undefined) {
    const problem = namespaceProblem(namespace);
    if (problem) throw badUserInput(`namespace ${problem}.`, 'namespace');
  }
  if (name !== undefined) {
    // A substring filter in SWR: any part of a valid name (`-web`), not only a whole one.
    const problem = repositoryNamePartProblem(name);
    if (problem) throw badUserInput(`name ${problem}.`, 'name');
  }
  const base: ValidArgs['base'] = {
    center: CENTERS[args.center],
    order_column: SORT_COLUMNS[args.sort?.field ?? 'UPDATED_AT'],
    order_type: (args.sort?.direction ?? 'DESC') === 'ASC' ? 'asc' : ('desc' as WireOrderType),
  };
  if (namespace !== undefined) base.namespace = namespace;
  if (name !== undefined) base.name = name;
  const fingerprint = queryFingerprint([base.center, namespace, name, base.order_column, base.order_type]);

  const page = args.page ?? {};
  const size = page.size ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > maxSize) {
    throw badUserInput(`page.size must be between 1 and ${maxSize}.`, 'page.size');
  }
  const hasNumber = page.number !== undefined && page.number !== null;
  const hasAfter = page.after !== undefined && page.after !== null;
  if (hasNumber && hasAfter) {
    throw badUserInput(
      'page.number and page.after cannot be used together: jump to a page or continue from a cursor.',
      'page',
    );
  }
  let start = 0;
  if (hasNumber) {
    const number = page.number as number;
    if (number < 1) throw badUserInput('page.number starts at 1.', 'page.number');
    start = (number - 1) * size;
  } else if (hasAfter) {
    const decoded = decodeCursor(page.after as string, fingerprint);
    if (!decoded.ok) throw badUserInput(`page.after ${decoded.reason}.`, 'page.after');
    start = decoded.position + 1;
  }
  if (start > MAX_POSITION) throw badUserInput('The requested page is beyond the addressable range.', 'page');
  return { base, size, fingerprint, start };
}

/** The upstream request for one page of a list (built field by field: this runs for every page of every miss). */
function pageQuery(base: ValidArgs['base'], page: UpstreamPage): WireListQuery {
  const query: WireListQuery = {
    center: base.center,
    order_column: base.order_column,
    order_type: base.order_type,
    offset: page.offset,
    limit: page.limit,
  };
  if (base.namespace !== undefined) query.namespace = base.namespace;
  if (base.name !== undefined) query.name = base.name;
  if (base.domain_name !== undefined) query.domain_name = base.domain_name;
  if (base.status !== undefined) query.status = base.status;
  return query;
}

/** `size` items from position `skip` of the pages laid end to end. */
function windowItems(pages: readonly ListResult[], skip: number, size: number): SharedRepository[] {
  if (pages.length === 1) return (pages[0] as ListResult).items.slice(skip, skip + size);
  const items: SharedRepository[] = [];
  for (const page of pages) for (const item of page.items) items.push(item);
  return items.slice(skip, skip + size);
}

/** Resolve `sharedRepositories(...)`: validate, fetch the aligned upstream pages, slice the window. */
export async function listSharedRepositories(args: ListArgs, ctx: GatewayContext): Promise<ListWindow> {
  const { base, size, fingerprint, start } = validate(args, ctx.paging.maxSize, ctx.paging.defaultSize);
  const plan = planWindow(start, size);
  const results = await Promise.all(plan.pages.map((p) => ctx.loadPage(pageQuery(base, p))));
  const items = windowItems(results, plan.skip, size);
  let total = results.find((r) => r.total !== undefined)?.total;
  if (total === undefined && results.every((r) => r.items.length === 0)) {
    // An empty page carries no total. At offset 0 that means nothing matches; past the end, the first page
    // (likely already cached) knows the total.
    const first =
      plan.pages[0]?.offset === 0 ? undefined : await ctx.loadPage({ ...base, offset: 0, limit: size });
    total = first?.total ?? 0;
  }
  if (total === undefined) {
    // Items but neither total_range nor Content-Range: the best honest number is what we have seen.
    const last = results.length - 1;
    total = (plan.pages[last]?.offset ?? 0) + (results[last]?.items.length ?? 0);
    ctx.logger.warn('SWR answered without a total; totalCount is a lower bound');
  }
  return { items, start, size, total, fingerprint };
}
