import { type RepositoryKey, repositoryKeyOf } from '../references';
import type { SharedRepository } from '../swr/mapping';
import { builder } from './builder';
import { CategoryEnum } from './category';
import { ImageRef } from './image';
import { DateTime, LongScalar } from './scalars';

export const SharedRepositoryRef = builder.objectRef<SharedRepository>('SharedRepository').implement({
  description:
    'An image repository in SWR that is shared: by you with others (SELF) or by others with you (THIRD_PARTY). A federation entity keyed by `namespace name`: other subgraphs reference it by those two fields, and a reference resolves through the center the gateway is configured with (`FEDERATION_CENTER`, THIRD_PARTY by default) to the repository, or to null when the caller has no such shared repository.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Stable, opaque identifier of the repository (derived from its namespace and name).',
    }),
    name: t.exposeString('name', { description: 'Repository name; may contain `/`, `.`, `_` and `-`.' }),
    namespace: t.exposeString('namespace', {
      description: 'Organization (SWR namespace) that owns the repository.',
    }),
    category: t.expose('category', {
      type: CategoryEnum,
      description: 'What kind of software the repository holds.',
    }),
    description: t.exposeString('description', {
      description: 'Free-text description; empty when none was set.',
    }),
    size: t.expose('size', {
      type: LongScalar,
      description: 'Total size in bytes of all images in the repository.',
    }),
    isPublic: t.exposeBoolean('isPublic', { description: 'Whether the repository is public.' }),
    numImages: t.exposeInt('numImages', { description: 'Number of image tags in the repository.' }),
    numDownload: t.expose('numDownload', {
      type: LongScalar,
      description: 'How many times images were downloaded.',
    }),
    createdAt: t.expose('createdAt', {
      type: DateTime,
      description: 'When the repository was created (UTC).',
    }),
    updatedAt: t.expose('updatedAt', {
      type: DateTime,
      description: 'When the repository was last updated (UTC).',
    }),
    logo: t.exposeString('logo', {
      nullable: true,
      description: 'Logo address (reserved by SWR; null when unset).',
    }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Logo URL (reserved by SWR; null when unset).',
    }),
    path: t.exposeString('path', {
      description: 'External pull address `{registry}/{namespace}/{repository}`.',
    }),
    internalPath: t.exposeString('internalPath', {
      description: 'Pull address inside the cloud network `{registry}/{namespace}/{repository}`.',
    }),
    domainName: t.exposeString('domainName', {
      description: 'Account (domain) name of the repository owner.',
    }),
    tags: t.exposeStringList('tags', { description: 'Image tags in the repository, as SWR lists them.' }),
    status: t.exposeBoolean('status', {
      description:
        'For THIRD_PARTY: true while the share is valid, false once it has expired. For SELF: always false (SWR reports no share state for your own repositories).',
    }),
    images: t.field({
      type: [ImageRef],
      description: 'Each tag with its full pull reference.',
      resolve: (repo) => repo.tags.map((tag) => ({ tag, reference: `${repo.path}:${tag}` })),
    }),
  }),
});

/** The federation entity: `@key(fields: "namespace name")`, resolved in per-request batches. */
builder.asEntity(SharedRepositoryRef, {
  key: builder.selection<RepositoryKey>('namespace name'),
  // async: a bad representation must reject its own entity, not throw out of the whole `_entities` list.
  resolveReference: async (reference, ctx) => {
    const repository = await ctx.loadRepository(repositoryKeyOf(reference));
    // @apollo/subgraph defines `__typename` on what this returns, and a cached repository is shared and frozen:
    // the library gets a copy of its own (STYLE rule 15).
    return repository && { ...repository };
  },
});
