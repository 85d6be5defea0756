import type { Category } from '../swr/mapping';
import { builder } from './builder';

const values: Record<Category, { description: string }> = {
  APP_SERVER: { description: 'Application servers (SWR `app_server`).' },
  LINUX: { description: 'Linux base images (SWR `linux`).' },
  FRAMEWORK_APP: { description: 'Framework applications (SWR `framework_app`).' },
  DATABASE: { description: 'Databases (SWR `database`).' },
  LANG: { description: 'Programming-language runtimes (SWR `lang`).' },
  ARM: { description: 'Images for ARM (SWR `arm`).' },
  WINDOWS: { description: 'Windows images (SWR `windows`).' },
  OTHER: {
    description: 'Anything else (SWR `other`), including categories SWR adds after this schema was written.',
  },
};

export const CategoryEnum = builder.enumType('SharedRepositoryCategory', {
  description: 'What kind of software a repository holds, as categorised in SWR.',
  values,
});
