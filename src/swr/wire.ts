/**
 * The SWR wire contract for `GET /v2/manage/shared-repositories`, as documented in the API reference and
 * observed in traffic, as the upstream client reads it. The simulator keeps its own (`src/simulator/wire.ts`).
 */

export const SHARED_REPOSITORIES_PATH = '/v2/manage/shared-repositories';

/** IAM's token API (Keystone v3): token mode calls it for the service token; the simulator answers it. */
export const IAM_TOKENS_PATH = '/v3/auth/tokens';

/** The two lists SWR keeps: images shared with the caller's own account, and those of other accounts. */
export const WIRE_CENTERS = ['self', 'thirdparty'] as const;
export type WireCenter = (typeof WIRE_CENTERS)[number];
export type WireOrderColumn =
  | 'updated_at'
  | 'updated_time'
  | 'name'
  | 'tag_count'
  | 'namespace'
  | 'domain_name';
export type WireOrderType = 'asc' | 'desc';

/** Category values SWR documents; anything else may still arrive and must not break a client. */
export const WIRE_CATEGORIES = [
  'app_server',
  'linux',
  'framework_app',
  'database',
  'lang',
  'arm',
  'windows',
  'other',
] as const;

/**
 * A 64-bit count. A JSON number when it is a safe integer; the client turns larger literals into decimal
 * strings before parsing so that no digit is lost.
 */
export type WireLong = number | string;

/** One element of the 200 response array. */
export interface WireSharedRepository {
  name: string;
  category: string;
  description: string;
  size: WireLong;
  is_public: boolean;
  num_images: WireLong;
  num_download: WireLong;
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
  total_range: WireLong;
}

/** The query the gateway sends; every value is a string on the wire. */
export interface WireListQuery {
  center: WireCenter;
  namespace?: string;
  /** Repository name (substring match); a `/` in it travels as `$`. */
  name?: string;
  domain_name?: string;
  status?: 'true' | 'false';
  limit: number;
  offset: number;
  order_column: WireOrderColumn;
  order_type: WireOrderType;
}

/** SWR's own error element (documented as a top-level array of these, also seen flat or under `errors`). */
export interface WireSwrError {
  errorCode: string;
  errorMessage: string;
  detail?: string;
}

/** The API gateway (APIG) error shape: authentication, throttling, routing. */
export interface WireApigError {
  error_code: string;
  error_msg: string;
  request_id?: string;
}
