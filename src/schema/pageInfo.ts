import { encodeCursor } from '../repositories/cursor';
import type { ListWindow } from '../repositories/listing';
import { builder } from './builder';

export const PageInfoRef = builder.objectRef<ListWindow>('PageInfo').implement({
  description: 'Relay-style page information.',
  fields: (t) => ({
    hasNextPage: t.boolean({
      description: 'Whether items follow this page.',
      resolve: (w) => w.start + w.items.length < w.total,
    }),
    hasPreviousPage: t.boolean({
      description: 'Whether items precede this page.',
      resolve: (w) => w.start > 0,
    }),
    startCursor: t.string({
      nullable: true,
      description: 'Cursor of the first item; null when the page is empty.',
      resolve: (w) => (w.items.length > 0 ? encodeCursor(w.start, w.fingerprint) : null),
    }),
    endCursor: t.string({
      nullable: true,
      description:
        'Cursor of the last item (pass it as `page.after` for the next page); null when the page is empty.',
      resolve: (w) => (w.items.length > 0 ? encodeCursor(w.start + w.items.length - 1, w.fingerprint) : null),
    }),
  }),
});
