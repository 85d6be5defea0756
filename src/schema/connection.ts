import { encodeCursor } from '../repositories/cursor';
import type { ListWindow } from '../repositories/listing';
import type { SharedRepository } from '../swr/mapping';
import { builder } from './builder';
import { PageInfoRef } from './pageInfo';
import { SharedRepositoryRef } from './sharedRepository';

interface EdgeShape {
  cursor: string;
  node: SharedRepository;
}

export const EdgeRef = builder.objectRef<EdgeShape>('SharedRepositoryEdge').implement({
  description: 'A repository with its position in the list.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque cursor of this item; pass it as `page.after`.' }),
    node: t.field({ type: SharedRepositoryRef, description: 'The repository.', resolve: (e) => e.node }),
  }),
});

export const ConnectionRef = builder.objectRef<ListWindow>('SharedRepositoryConnection').implement({
  description: 'One page of shared repositories, in Relay connection form plus page numbers.',
  fields: (t) => ({
    edges: t.field({
      type: [EdgeRef],
      description: 'Repositories of this page with their cursors.',
      resolve: (w) => w.items.map((node, i) => ({ node, cursor: encodeCursor(w.start + i, w.fingerprint) })),
    }),
    nodes: t.field({
      type: [SharedRepositoryRef],
      description: 'Repositories of this page (the same as `edges.node`).',
      resolve: (w) => w.items,
    }),
    pageInfo: t.field({
      type: PageInfoRef,
      description: 'Cursors and neighbours of this page.',
      resolve: (w) => w,
    }),
    totalCount: t.int({
      description: 'Number of repositories matching the query, over all pages.',
      resolve: (w) => w.total,
    }),
    pageNumber: t.int({
      description: '1-based number of this page at the current page size.',
      resolve: (w) => Math.floor(w.start / w.size) + 1,
    }),
    pageCount: t.int({
      description: 'Number of pages at the current page size (0 when nothing matches).',
      resolve: (w) => Math.ceil(w.total / w.size),
    }),
  }),
});
