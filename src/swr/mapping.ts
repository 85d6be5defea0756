import type { Logger } from '../logger';
import { boundedMemo } from '../support/boundedMemo';
import { ShapeError } from './validate';
import { WIRE_CATEGORIES, type WireLong, type WireSharedRepository } from './wire';

export type Category =
  | 'APP_SERVER'
  | 'LINUX'
  | 'FRAMEWORK_APP'
  | 'DATABASE'
  | 'LANG'
  | 'ARM'
  | 'WINDOWS'
  | 'OTHER';

/** A 64-bit count: a number while it is a safe integer, a decimal string beyond. */
export type Long = number | string;

/** The gateway's shape of one shared repository (what the GraphQL type exposes). */
export interface SharedRepository {
  id: string;
  name: string;
  namespace: string;
  category: Category;
  description: string;
  size: Long;
  isPublic: boolean;
  numImages: number;
  numDownload: Long;
  createdAt: string;
  updatedAt: string;
  logo: string | null;
  url: string | null;
  path: string;
  internalPath: string;
  domainName: string;
  tags: string[];
  status: boolean;
}

const KNOWN_CATEGORIES = new Set<string>(WIRE_CATEGORIES);
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Ids of recently mapped repositories: every page maps 20 or so, and the same repositories recur. */
const idOf = boundedMemo(10_000, (identity) => Buffer.from(identity).toString('base64url'));

/** Stable, opaque id: the repository's identity (namespace + name) is global within a region. */
export function repositoryId(namespace: string, name: string): string {
  return idOf(`SharedRepository:${namespace}/${name}`);
}

function toLong(value: WireLong): Long {
  if (typeof value === 'number') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * A count the schema exposes as GraphQL `Int`, which is 32-bit. Checked here rather than left to the `Int`
 * serializer at execution: every leaf value of a page is in its output form once mapped, which is what lets the
 * direct path run its queries without per-leaf serialization (`src/execution/direct.ts`).
 */
export function toInt(value: WireLong, where: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n > INT_MAX || n < INT_MIN) throw new ShapeError(where);
  return n;
}

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/** ISO-8601 UTC; SWR's `Z` forms pass through untouched (keeping microseconds), others are normalised. */
function toUtc(value: string, where: string): string {
  if (UTC_TIMESTAMP.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ShapeError(where);
  return new Date(ms).toISOString();
}

function toCategory(value: string, logger: Logger): Category {
  if (KNOWN_CATEGORIES.has(value)) return value.toUpperCase() as Category;
  logger.warn({ category: value }, 'unknown SWR category mapped to OTHER');
  return 'OTHER';
}

export function toSharedRepository(w: WireSharedRepository, logger: Logger): SharedRepository {
  return {
    id: repositoryId(w.namespace, w.name),
    name: w.name,
    namespace: w.namespace,
    category: toCategory(w.category, logger),
    description: w.description,
    size: toLong(w.size),
    isPublic: w.is_public,
    numImages: toInt(w.num_images, 'num_images'),
    numDownload: toLong(w.num_download),
    createdAt: toUtc(w.created_at, 'created_at'),
    updatedAt: toUtc(w.updated_at, 'updated_at'),
    // Reserved fields: SWR sends "" for "not set".
    logo: w.logo === '' ? null : w.logo,
    url: w.url === '' ? null : w.url,
    path: w.path,
    internalPath: w.internal_path,
    domainName: w.domain_name,
    tags: w.tags,
    status: w.status,
  };
}
