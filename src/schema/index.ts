import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './category';
import './image';
import './sharedRepository';
import './sort';
import './center';
import './pageInput';
import './pageInfo';
import './connection';
import './sharedRepositoriesQuery';

/** The executable schema; sorted so that `schema.graphql` diffs stay readable. */
export const schema = lexicographicSortSchema(builder.toSchema());
