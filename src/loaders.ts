import DataLoader from 'dataloader';
import type { CallOptions, ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credential';
import { canonicalListQuery } from './swr/query';
import type { WireListQuery } from './swr/wire';

export type PageLoader = DataLoader<WireListQuery, ListResult, string>;

/**
 * Per-request loader: identical upstream requests within one operation (aliases, fragments, overlapping
 * windows) go out once. SWR has no batch endpoint, so a batch is just its distinct requests in parallel.
 */
export function createPageLoader(
  client: SwrClient,
  credential: UpstreamCredential,
  call: CallOptions,
  onCall: () => void,
): PageLoader {
  return new DataLoader<WireListQuery, ListResult, string>(
    (queries) =>
      Promise.all(
        queries.map((q) => {
          onCall();
          return client.listSharedRepositories(q, credential, call).catch((error: unknown) => error as Error);
        }),
      ),
    { cacheKeyFn: canonicalListQuery },
  );
}
