import DataLoader from 'dataloader';
import { badUserInput, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { ListResult } from '../swr/client';
import type { SharedRepository } from '../swr/mapping';
import { namespaceProblem, repositoryNameProblem } from '../swr/rules';
import type { WireCenter, WireListQuery } from '../swr/wire';
import { CENTERS, type CenterArg } from './listing';

/** The entity key other subgraphs hold for a SharedRepository: `@key(fields: "namespace name")`. */
export interface RepositoryKey {
  namespace: string;
  name: string;
}

export type RepositoryLoader = DataLoader<RepositoryKey, SharedRepository | null, string>;

type LoadPage = (query: WireListQuery) => Promise<ListResult>;

/** SWR's largest page: one call answers a whole namespace of up to this many repositories. */
export const REFERENCE_PAGE_LIMIT = 1000;
/**
 * Upper bound on calls per namespace group. A namespace beyond 10,000 shared repositories is far past anything
 * SWR quotas allow; the bound keeps a lying `total_range` from turning one lookup into an unbounded crawl.
 */
export const MAX_PAGES_PER_NAMESPACE = 10;

/** Found repositories of one namespace by name, or the client error the whole group failed with. */
type GroupResult = Map<string, SharedRepository> | Error;

/** A key that breaks SWR's naming rules cannot name a repository: it resolves to null without a call. */
function canExist(key: RepositoryKey): boolean {
  return namespaceProblem(key.namespace) === undefined && repositoryNameProblem(key.name) === undefined;
}

/**
 * Read one namespace, name-ordered (stable while paging), 1000 at a time, until every wanted name is found
 * or the namespace is exhausted. `name` is a substring filter in SWR, so a per-name query would still be one
 * call per reference; a namespace page answers every reference into that namespace, and the same page is
 * what the upstream cache can hand to the next request that references this namespace.
 */
async function findInNamespace(
  namespace: string,
  names: ReadonlySet<string>,
  center: WireCenter,
  loadPage: LoadPage,
  logger: Logger,
): Promise<Map<string, SharedRepository>> {
  const found = new Map<string, SharedRepository>();
  for (let page = 0; page < MAX_PAGES_PER_NAMESPACE; page++) {
    const offset = page * REFERENCE_PAGE_LIMIT;
    const result = await loadPage({
      center,
      namespace,
      limit: REFERENCE_PAGE_LIMIT,
      offset,
      order_column: 'name',
      order_type: 'asc',
    });
    for (const repository of result.items) {
      if (repository.namespace === namespace && names.has(repository.name))
        found.set(repository.name, repository);
    }
    const exhausted =
      result.items.length < REFERENCE_PAGE_LIMIT ||
      (result.total !== undefined && offset + REFERENCE_PAGE_LIMIT >= result.total);
    if (found.size === names.size || exhausted) return found;
  }
  logger.warn(
    { namespace, missing: names.size - found.size, pages: MAX_PAGES_PER_NAMESPACE },
    'namespace larger than the reference lookup bound; unresolved references answer null',
  );
  return found;
}

/**
 * The batch behind `_entities`: keys grouped by namespace, one group = one upstream call (more only past
 * 1000 repositories in a namespace), groups in parallel. Results in key order: the repository, `null` when
 * it does not exist (or is not shared on this center), or the group's client error (e.g. UNAUTHENTICATED) —
 * a failing group never fails the other groups.
 */
export async function resolveReferences(
  keys: readonly RepositoryKey[],
  center: WireCenter,
  loadPage: LoadPage,
  logger: Logger,
): Promise<(SharedRepository | null | Error)[]> {
  const wanted = new Map<string, Set<string>>();
  for (const key of keys) {
    if (!canExist(key)) continue;
    const names = wanted.get(key.namespace) ?? new Set<string>();
    names.add(key.name);
    wanted.set(key.namespace, names);
  }
  const groups = new Map<string, GroupResult>();
  await Promise.all(
    [...wanted].map(async ([namespace, names]) => {
      try {
        groups.set(namespace, await findInNamespace(namespace, names, center, loadPage, logger));
      } catch (error) {
        groups.set(namespace, toClientError(error));
      }
    }),
  );
  logger.debug({ references: keys.length, namespaces: wanted.size }, 'entity references resolved');
  return keys.map((key) => {
    const group = groups.get(key.namespace);
    if (group === undefined) return null;
    if (group instanceof Error) return group;
    return group.get(key.name) ?? null;
  });
}

/** Per-request loader for entity references: every reference of one operation goes into one batch. */
export function createRepositoryLoader(
  center: CenterArg,
  loadPage: LoadPage,
  logger: Logger,
): RepositoryLoader {
  return new DataLoader<RepositoryKey, SharedRepository | null, string>(
    (keys) => resolveReferences(keys, CENTERS[center], loadPage, logger),
    // Structured, not joined by a separator: a representation's fields may hold any character.
    { cacheKeyFn: (key) => JSON.stringify([key.namespace, key.name]) },
  );
}

/**
 * A representation from the router, checked: `_Any` carries whatever the other subgraph sent, so a key
 * without string `namespace` and `name` is the caller's mistake, not a missing repository.
 */
export function repositoryKeyOf(representation: { namespace?: unknown; name?: unknown }): RepositoryKey {
  const { namespace, name } = representation;
  if (typeof namespace !== 'string' || typeof name !== 'string') {
    throw badUserInput(
      'A SharedRepository reference needs string fields `namespace` and `name`.',
      'representations',
    );
  }
  return { namespace, name };
}
