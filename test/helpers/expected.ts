import type { SimulatedRepository } from '../../src/simulator';
import type { Category, SharedRepository } from '../../src/swr/mapping';

/**
 * What a client must see for the simulator's data, written from the schema's contract (README "Fields",
 * `schema.graphql`), sharing only the type with `src/swr/mapping.ts`, which it checks.
 */

/** A repository as `SharedRepository` promises it: every field but the opaque `id`, plus `images`. */
export type ExpectedRepository = Omit<SharedRepository, 'id'> & {
  images: { tag: string; reference: string }[];
};

/** The selection that asks for every field of `ExpectedRepository`. */
export const REPOSITORY_FIELDS = `name namespace category description size isPublic numImages numDownload
  createdAt updatedAt logo url path internalPath domainName tags status images { tag reference }`;

/** `Long`: a JSON number while it is a safe integer, else its decimal string. */
function long(value: number | string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : String(value);
}

export function expectedRepository(w: SimulatedRepository): ExpectedRepository {
  return {
    name: w.name,
    namespace: w.namespace,
    // Every category the simulator draws is one of the enum's (in lower case on the wire).
    category: w.category.toUpperCase() as Category,
    description: w.description,
    size: long(w.size),
    isPublic: w.is_public,
    numImages: Number(w.num_images),
    numDownload: long(w.num_download),
    // The simulator prints UTC with `Z`, which passes through unchanged (microseconds kept).
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    // Reserved fields: SWR's "" means not set.
    logo: w.logo === '' ? null : w.logo,
    url: w.url === '' ? null : w.url,
    path: w.path,
    internalPath: w.internal_path,
    domainName: w.domain_name,
    tags: w.tags,
    status: w.status,
    images: w.tags.map((tag) => ({ tag, reference: `${w.path}:${tag}` })),
  };
}

/** Only the `fields` of the repository as `SharedRepository` promises it. */
export function expectedFields<K extends keyof ExpectedRepository>(
  w: SimulatedRepository,
  fields: readonly K[],
): Pick<ExpectedRepository, K> {
  const all = expectedRepository(w);
  return Object.fromEntries(fields.map((field) => [field, all[field]])) as Pick<ExpectedRepository, K>;
}

/** The sort columns the matrix uses. */
export type SortField = 'UPDATED_AT' | 'NAME' | 'TAG_COUNT';

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

const PRIMARY: Record<SortField, (a: SimulatedRepository, b: SimulatedRepository) => number> = {
  // The simulator gives every repository of a list its own `updated_at` second, so the seconds decide.
  UPDATED_AT: (a, b) => compareText(a.updated_at.slice(0, 19), b.updated_at.slice(0, 19)),
  NAME: (a, b) => compareText(a.name, b.name),
  TAG_COUNT: (a, b) => a.tags.length - b.tags.length,
};

/**
 * The list in the order SWR returns it for `sort`: the column in its direction, ties broken by namespace and
 * name ascending (SWR's total order, which makes pages neither overlap nor skip). Without `sort`, the schema's
 * default: UPDATED_AT DESC.
 */
export function inOrder(
  list: readonly SimulatedRepository[],
  sort: { field: SortField; direction: 'ASC' | 'DESC' } = { field: 'UPDATED_AT', direction: 'DESC' },
): SimulatedRepository[] {
  const sign = sort.direction === 'ASC' ? 1 : -1;
  const primary = PRIMARY[sort.field];
  return [...list].sort(
    (a, b) => sign * primary(a, b) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
  );
}

/** The identity of a repository (the entity key), as a pair: never joined into one string. */
export function keyOf(r: { namespace: string; name: string }): [string, string] {
  return [r.namespace, r.name];
}
