import DataLoader from 'dataloader';
import type { CacheLookup, LookupOptions, PageSource } from '../cache';
import type { ListResult } from '../swr/client';
import type { UpstreamCredential } from '../swr/credentials/credential';
import { canonicalListQuery } from '../swr/query';
import type { WireListQuery } from '../swr/wire';

export type PageLoader = DataLoader<WireListQuery, ListResult, string>;

/**
 * Per-request loader: identical upstream requests within one operation (aliases, fragments, overlapping
 * windows) go out once. SWR has no batch endpoint, so a batch is just its distinct requests in parallel.
 * Pages come from the process-wide cache (`src/cache/`), which reports what it did for each one.
 */
export function createPageLoader(
  source: PageSource,
  credential: UpstreamCredential,
  options: LookupOptions,
  onLookup: (lookup: CacheLookup) => void,
): PageLoader {
  return new DataLoader<WireListQuery, ListResult, string>(
    async (queries) => {
      const settled = await Promise.allSettled(queries.map((q) => source.list(q, credential, options)));
      return settled.map((s) => {
        if (s.status === 'rejected') return s.reason as Error;
        onLookup(s.value.cache);
        return s.value.result;
      });
    },
    { cacheKeyFn: canonicalListQuery },
  );
}
