import { builder } from './builder';

export const PageInput = builder.inputType('PageInput', {
  description:
    'Which page to return. Give `number` to jump to a page, or `after` to continue from a cursor — not both. Neither means the first page.',
  fields: (t) => ({
    size: t.int({
      required: false,
      description: 'Items per page: 1 to the configured maximum (100 by default). Defaults to 20.',
    }),
    number: t.int({ required: false, description: '1-based page number to jump to.' }),
    after: t.string({
      required: false,
      description:
        'Continue after this cursor (an `endCursor` or edge `cursor` from an earlier page of the same query).',
    }),
  }),
});
