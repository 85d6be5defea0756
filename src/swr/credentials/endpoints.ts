/**
 * Huawei Cloud endpoints follow one pattern per region; `eu-west-101` (Dublin, the EU sovereign site) is the
 * exception on `.myhuaweicloud.eu`. Built from the region, never from a hard-coded list.
 */
const EU_REGIONS = new Set(['eu-west-101']);

/** A region name: lowercase words joined by `-`, ending in a number (`cn-north-4`, `ap-southeast-1`). */
export const REGION_PATTERN = /^[a-z]+(?:-[a-z]+)+-\d+$/;

function domainOf(region: string): string {
  return EU_REGIONS.has(region) ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
}

export interface RegionEndpoints {
  swr: URL;
  iam: URL;
}

export function regionEndpoints(region: string): RegionEndpoints {
  const domain = domainOf(region);
  return {
    swr: new URL(`https://swr-api.${region}.${domain}`),
    iam: new URL(`https://iam.${region}.${domain}`),
  };
}
