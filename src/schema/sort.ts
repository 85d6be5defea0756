import { builder } from './builder';

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Sort order.',
  values: {
    ASC: { description: 'Ascending: smallest, oldest or A first.' },
    DESC: { description: 'Descending: largest, newest or Z first.' },
  } as const,
});

export const SortFieldEnum = builder.enumType('SharedRepositorySortField', {
  description: 'Column to sort shared repositories by.',
  values: {
    NAME: { description: 'Repository name.' },
    UPDATED_AT: { description: 'Time of the last update (the default).' },
    TAG_COUNT: { description: 'Number of image tags.' },
  } as const,
});

export const SortInput = builder.inputType('SharedRepositorySort', {
  description:
    'How to order the list. Without it the list is ordered by UPDATED_AT DESC, so pages are stable.',
  fields: (t) => ({
    field: t.field({ type: SortFieldEnum, required: true, description: 'Column to sort by.' }),
    direction: t.field({
      type: SortDirectionEnum,
      required: true,
      defaultValue: 'DESC',
      description: 'Sort order; DESC when omitted.',
    }),
  }),
});
