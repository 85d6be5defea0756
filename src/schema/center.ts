import { builder } from './builder';

export const CenterEnum = builder.enumType('SharedRepositoryCenter', {
  description: 'Which side of a share to list.',
  values: {
    SELF: { description: 'Repositories you share with other accounts.' },
    THIRD_PARTY: { description: 'Repositories other accounts share with you.' },
  } as const,
});
