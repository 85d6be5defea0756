/**
 * The SWR and IAM wire as the simulator plays it, restated from the API reference on its own. The gateway's
 * client keeps its own copy (`src/swr/wire.ts`) on purpose: a field the client gets wrong must then disagree with
 * what the simulator emits instead of being emitted, accepted and confirmed by one shared definition. Both are held
 * to the reference's example response by `test/integration/wire-contract.test.ts`.
 */

/** The one SWR endpoint simulated: list shared images. */
export const SHARED_REPOSITORIES_PATH = '/v2/manage/shared-repositories';

/** IAM's (Keystone v3) token API, which the simulator also answers. */
export const IAM_TOKENS_PATH = '/v3/auth/tokens';

/** `center`: images shared by the caller's account, or shared with it by other accounts. */
export const CENTERS = ['self', 'thirdparty'] as const;
export type Center = (typeof CENTERS)[number];

/** The documented `category` values, plus `windows`, which the console offers and the enum leaves out. */
export const CATEGORIES = [
  'app_server',
  'linux',
  'framework_app',
  'database',
  'lang',
  'arm',
  'windows',
  'other',
] as const;

/** `order_column` values across doc versions: `updated_time` is the older `filter` text's spelling. */
export type OrderColumn = 'updated_at' | 'updated_time' | 'name' | 'tag_count' | 'namespace' | 'domain_name';
export type OrderType = 'asc' | 'desc';

/**
 * One element of the 200 array, field for field as the reference's response table lists it. The counts are
 * 64-bit integers upstream; every value the simulator generates stays a safe JSON integer.
 */
export interface SharedRepositoryElement {
  name: string;
  category: string;
  description: string;
  size: number;
  is_public: boolean;
  num_images: number;
  num_download: number;
  created_at: string;
  updated_at: string;
  logo: string;
  url: string;
  path: string;
  internal_path: string;
  domain_name: string;
  namespace: string;
  tags: string[];
  status: boolean;
  total_range: number;
}

/** SWR's error element; the documented body is a top-level array of these. */
export interface SwrErrorElement {
  errorCode: string;
  errorMessage: string;
  detail: string;
}

/** The API gateway's (APIG) error body: authentication, routing, throttling. */
export interface ApigErrorBody {
  error_code: string;
  error_msg: string;
  request_id: string;
}
