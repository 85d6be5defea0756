import { toClientError } from '../errors';
import { listSharedRepositories } from '../repositories/listing';
import { builder } from './builder';
import { CenterEnum } from './center';
import { ConnectionRef } from './connection';
import { PageInput } from './pageInput';
import { SortInput } from './sort';

builder.queryField('sharedRepositories', (t) =>
  t.field({
    type: ConnectionRef,
    description:
      "Shared image repositories, one page at a time (SWR `GET /v2/manage/shared-repositories`). Requires an SWR token in `X-Auth-Token` (passthrough mode) or the gateway's own caller authentication (service modes).",
    args: {
      center: t.arg({
        type: CenterEnum,
        required: true,
        defaultValue: 'SELF',
        description: 'SELF: repositories you share; THIRD_PARTY: repositories shared with you.',
      }),
      namespace: t.arg.string({
        description: 'Only repositories of this organization (exact match; SWR namespace rules apply).',
      }),
      name: t.arg.string({
        description:
          'Only repositories whose name contains this text: any part of a valid SWR repository name, such as `-web` (lowercase letters, digits, `.`, `/`, `_` and `-`; at most 128 characters).',
      }),
      page: t.arg({
        type: PageInput,
        description: 'Page size and position; the first 20 items when omitted.',
      }),
      sort: t.arg({ type: SortInput, description: 'Order of the list; UPDATED_AT DESC when omitted.' }),
    },
    resolve: async (_root, args, ctx) => {
      try {
        return await listSharedRepositories(args, ctx);
      } catch (error) {
        throw toClientError(error);
      }
    },
  }),
);
