import { builder } from './builder';

/** One tag of a repository, with the reference `docker pull` takes. */
export interface ImageShape {
  tag: string;
  reference: string;
}

export const ImageRef = builder.objectRef<ImageShape>('SharedImage').implement({
  description: 'One tagged image of a shared repository.',
  fields: (t) => ({
    tag: t.exposeString('tag', { description: 'The image tag, e.g. `v1.2.3` or `latest`.' }),
    reference: t.exposeString('reference', {
      description: 'Full pull reference `{path}:{tag}`, ready for `docker pull`.',
    }),
  }),
});
