import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { RequestErrorCode, requestError } from '../errors';

/** The document id: Apollo's `extensions.persistedQuery.sha256Hash`, or `documentId` (GraphQL over HTTP draft). */
function documentIdOf(params: GraphQLParams & { documentId?: unknown }): string | null {
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  if (typeof persisted?.sha256Hash === 'string') return persisted.sha256Hash;
  return typeof params.documentId === 'string' ? params.documentId : null;
}

/**
 * Trusted documents: production frontends send an id from a list built at their build time; the gateway
 * executes only those documents (unless rollout mode also allows others).
 */
export function useTrustedDocuments(trusted: NonNullable<Config['trustedDocuments']>): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => trusted.documents.get(id) ?? null,
    allowArbitraryOperations: trusted.allowArbitrary,
    extractPersistedOperationId: documentIdOf,
    customErrors: {
      notFound: () =>
        requestError(RequestErrorCode.PERSISTED_QUERY_NOT_FOUND, 'No trusted document has this id.'),
      keyNotFound: () =>
        requestError(
          RequestErrorCode.PERSISTED_QUERY_REQUIRED,
          'Send a trusted document id (extensions.persistedQuery.sha256Hash or documentId).',
        ),
      persistedQueryOnly: () =>
        requestError(
          RequestErrorCode.PERSISTED_QUERY_REQUIRED,
          'This gateway executes trusted documents only: send their id instead of a query.',
        ),
    },
  });
}
