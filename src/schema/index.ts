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

/** Federation spec version the subgraph links; v2.6 is understood by every current router and `rover`. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/**
 * The executable schema: an Apollo Federation v2 subgraph (`_service`, `_entities`). The plugin sorts it
 * lexicographically, so `schema.graphql` diffs stay readable and `_service.sdl` is that same text.
 */
export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: ['@key'] });
