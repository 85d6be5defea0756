import { stringify } from 'node:querystring';
import { Secret } from '../../src/config/secret';
import { akskCredential } from '../../src/swr/credentials/aksk';

/** An AK/SK pair, as the SDK's `BasicCredentials` holds it. */
export interface AccessKey {
  ak: string;
  sk: string;
}

export interface SdkAnswer {
  status: number;
  body: unknown;
}

/**
 * `GET /v2/manage/shared-repositories` as the official Node SDK (`@huaweicloud/huaweicloud-sdk-swr`,
 * `ListSharedReposDetails`) sends it: the query map serialized by Node's `querystring` (so `filter`'s `:` and `|`
 * arrive percent-encoded), `Content-Type: application/json`, and an `SDK-HMAC-SHA256` signature over all of it.
 * `now` is the caller's clock, which the signature's `X-Sdk-Date` carries.
 */
export async function sdkListSharedRepositories(
  baseUrl: string,
  query: Record<string, string>,
  key: AccessKey,
  now: () => number = Date.now,
): Promise<SdkAnswer> {
  const origin = new URL(baseUrl).origin;
  const path = `/v2/manage/shared-repositories?${stringify(query)}`;
  const headers = { 'content-type': 'application/json', 'accept-encoding': '*' };
  const credential = akskCredential({ accessKey: key.ak, secretKey: new Secret(key.sk), now });
  const signed = await credential.authorize({ method: 'GET', origin, path, headers });
  const response = await fetch(`${origin}${path}`, { headers: { ...headers, ...signed } });
  return { status: response.status, body: await response.json() };
}
