import { DESCRIPTIONS, INTERNAL_REGISTRY_HOST, REGISTRY_HOST, REPOSITORY_NAMES } from './catalog';
import { firstTouchWork } from './firstTouch';
import { type Random, seededRandom } from './random';
import { type Account, ownAccount, peerAccounts } from './tenant';
import { CATEGORIES, type Center, type SharedRepositoryElement } from './wire';

/** A repository as stored: `total_range` belongs to a query's answer, not to the data. */
export type SimulatedRepository = Omit<SharedRepositoryElement, 'total_range'>;

type SizeClass = 'empty' | 'small' | 'medium' | 'large' | 'huge';
type DownloadClass = 'none' | 'few' | 'many' | 'huge';

/** What a generated repository must be; anything left out is drawn at random. */
interface RepositorySpec {
  category?: string;
  name?: string;
  tagCount?: number;
  size?: SizeClass;
  microseconds?: boolean;
  downloads?: DownloadClass;
  description?: boolean;
  logo?: boolean;
  isPublic?: boolean;
  status?: boolean;
}

/**
 * Properties every list must contain, whatever the seed: clients break on exactly these edge cases, so
 * they are guaranteed rather than left to chance. One spec per category comes first, so every category
 * (including `windows`, which the documented enum leaves out) appears in every list.
 */
const GUARANTEED: readonly RepositorySpec[] = [
  {
    category: 'app_server',
    tagCount: 0,
    size: 'empty',
    downloads: 'none',
    microseconds: true,
    logo: false,
    status: false,
  },
  {
    category: 'linux',
    tagCount: 14,
    size: 'huge',
    downloads: 'huge',
    microseconds: false,
    description: true,
    status: true,
  },
  { category: 'framework_app', tagCount: 3, size: 'large', description: false, isPublic: true },
  { category: 'database', tagCount: 2, size: 'small', logo: true, isPublic: false },
  { category: 'lang', name: 'python3.11', tagCount: 11 },
  { category: 'arm', name: 'alpine_aarch64' },
  { category: 'windows', name: 'windows-servercore', tagCount: 4, size: 'large' },
  { category: 'other', name: 'tools/builder', tagCount: 1 },
  { category: 'other', name: 'data__loader' },
  { category: 'app_server', name: 'envoy-proxy' },
  { category: 'framework_app', name: 'rails.web', tagCount: 5, size: 'huge' },
  // `name` filters by substring: `-web` must find this one and not `rails.web`.
  { category: 'framework_app', name: 'portal-web' },
];

const GIB = 2 ** 30;
const SIZE_RANGES: Record<SizeClass, readonly [number, number]> = {
  empty: [0, 0],
  small: [1_000_000, 500_000_000],
  medium: [500_000_001, 2 ** 31 - 1],
  large: [2 ** 31 + 1, 2 ** 32 - 1],
  huge: [2 ** 32 + 1, 60 * GIB],
};
const DOWNLOAD_RANGES: Record<DownloadClass, readonly [number, number]> = {
  none: [0, 0],
  few: [1, 5_000],
  many: [5_001, 20_000_000],
  huge: [2 ** 31 + 1, 9_000_000_000],
};

const EARLIEST_CREATED = Date.UTC(2018, 0, 1) / 1000;
const LATEST_CREATED = Date.UTC(2024, 5, 1) / 1000;
const MAX_AGE_SECONDS = 400 * 86_400;

interface Owner {
  domainName: string;
  namespace: string;
}

function drawSize(random: Random, tagCount: number, spec: RepositorySpec): number {
  if (tagCount === 0) return 0;
  const sizeClass =
    spec.size ?? random.pick<SizeClass>(['small', 'small', 'small', 'medium', 'large', 'huge']);
  const [min, max] = SIZE_RANGES[sizeClass];
  return random.int(min, max);
}

function drawTagCount(random: Random): number {
  const roll = random.next();
  if (roll < 0.12) return 0;
  if (roll < 0.88) return random.int(1, 6);
  return random.int(10, 18);
}

function drawTag(random: Random): string {
  const roll = random.next();
  if (roll < 0.1) return 'latest';
  if (roll < 0.6) return `v${random.int(0, 3)}.${random.int(0, 20)}.${random.int(0, 40)}`;
  if (roll < 0.85) {
    const month = String(random.int(1, 12)).padStart(2, '0');
    const day = String(random.int(1, 28)).padStart(2, '0');
    return `${random.int(2019, 2024)}.${month}.${day}-rc_${random.int(1, 5)}`;
  }
  return `sha-${random.hex(7)}`;
}

function drawTags(random: Random, count: number): string[] {
  const tags = new Set<string>();
  while (tags.size < count) tags.add(drawTag(random));
  return [...tags];
}

/** SWR prints UTC with a `Z`, sometimes with microseconds and sometimes without. */
function timestamp(epochSeconds: number, random: Random, microseconds: boolean): string {
  const seconds = new Date(epochSeconds * 1000).toISOString().slice(0, 19);
  return microseconds ? `${seconds}.${String(random.int(0, 999_999)).padStart(6, '0')}Z` : `${seconds}Z`;
}

/** Same name in the same namespace is impossible in SWR; a numeric suffix keeps names realistic. */
function uniqueName(base: string, namespace: string, taken: Set<string>): string {
  let name = base;
  for (let suffix = 2; taken.has(`${namespace}/${name}`); suffix += 1) name = `${base}-${suffix}`;
  taken.add(`${namespace}/${name}`);
  return name;
}

/** Distinct `updated_at` seconds keep the default order free of ties that tests would have to reason about. */
function uniqueSecond(candidate: number, taken: Set<number>): number {
  let second = candidate;
  while (taken.has(second)) second += 1;
  taken.add(second);
  return second;
}

/** What the repositories of one list share while it is generated. */
interface ListContext {
  center: Center;
  owners: readonly Owner[];
  takenNames: Set<string>;
  takenSeconds: Set<number>;
}

function generateRepository(random: Random, list: ListContext, index: number): SimulatedRepository {
  const { owners, takenNames, takenSeconds, center } = list;
  const spec = GUARANTEED[index] ?? {};
  // The first repositories go one per namespace so that every namespace owns at least one.
  const owner = owners[index] ?? random.pick(owners);
  const category = spec.category ?? random.pick(CATEGORIES);
  const name = uniqueName(
    spec.name ?? random.pick(REPOSITORY_NAMES[category] ?? ['app']),
    owner.namespace,
    takenNames,
  );
  const tagCount = spec.tagCount ?? drawTagCount(random);
  const tags = drawTags(random, tagCount);
  const created = random.int(EARLIEST_CREATED, LATEST_CREATED);
  const updated = uniqueSecond(created + random.int(60, MAX_AGE_SECONDS), takenSeconds);
  const microseconds = spec.microseconds ?? random.chance(0.5);
  const hasLogo = spec.logo ?? random.chance(0.1);
  const [minDownloads, maxDownloads] =
    DOWNLOAD_RANGES[spec.downloads ?? random.pick<DownloadClass>(['none', 'few', 'few', 'many', 'huge'])];
  const logo = hasLogo
    ? `https://swr-logo.obs.cn-north-4.myhuaweicloud.com/${owner.namespace}/${name}.png`
    : '';
  return {
    name,
    category,
    description: (spec.description ?? random.chance(0.75)) ? random.pick(DESCRIPTIONS) : '',
    size: drawSize(random, tagCount, spec),
    is_public: spec.isPublic ?? random.chance(0.4),
    num_images: tags.length,
    num_download: random.int(minDownloads, maxDownloads),
    created_at: timestamp(created, random, microseconds),
    updated_at: timestamp(updated, random, microseconds),
    logo,
    url: logo,
    path: `${REGISTRY_HOST}/${owner.namespace}/${name}`,
    internal_path: `${INTERNAL_REGISTRY_HOST}/${owner.namespace}/${name}`,
    domain_name: owner.domainName,
    namespace: owner.namespace,
    tags,
    // `self` shares are always false; about a quarter of third-party shares have expired.
    status: center === 'self' ? false : (spec.status ?? random.chance(0.75)),
  };
}

function generateList(random: Random, owners: readonly Owner[], count: number, center: Center) {
  const list: ListContext = { center, owners, takenNames: new Set(), takenSeconds: new Set() };
  return Array.from({ length: count }, (_, index) => generateRepository(random, list, index));
}

function ownersOf(accounts: readonly Account[]): Owner[] {
  return accounts.flatMap((account) =>
    account.namespaces.map((namespace) => ({ domainName: account.domainName, namespace })),
  );
}

/** A fresh, uncached build: the same token always yields the same list. */
export function buildTenantRepositories(token: string, center: Center): SimulatedRepository[] {
  const random = seededRandom(`${center}\u0000${token}`);
  if (center === 'self') {
    return generateList(random, ownersOf([ownAccount(token)]), random.int(40, 70), center);
  }
  return generateList(random, ownersOf(peerAccounts(token)), random.int(25, 60), center);
}

function deepFreeze(list: SimulatedRepository[]): readonly SimulatedRepository[] {
  for (const repository of list) {
    Object.freeze(repository.tags);
    Object.freeze(repository);
  }
  return Object.freeze(list);
}

/**
 * Generation is cheap but not free; property tests ask for the same few tenants thousands of times, and a bench
 * repetition prepares the lists of every token its timed runs bring (`prepareTenants`), which must all still be
 * here when asked: the limit is above what one repetition prepares.
 */
const CACHE_LIMIT = 128;
const cache = new Map<string, readonly SimulatedRepository[]>();

/** The full, unsorted list a token sees for a center. Frozen: callers that want to mutate must copy. */
export function tenantRepositories(token: string, center: Center): readonly SimulatedRepository[] {
  const key = `${center}\u0000${token}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const list = deepFreeze(buildTenantRepositories(token, center));
  firstTouchWork.lists++;
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, list);
  return list;
}
