import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A test-only second subgraph, as a platform team would write it: deployments that reference the image
 * repository they run by the SharedRepository key, without knowing anything else about it.
 */
export const DEPLOYMENTS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

"""A running workload."""
type Deployment @key(fields: "id") {
  id: ID!
  """The repository of the image this deployment runs; null when the caller has no such shared repository."""
  image: SharedRepository
}

# Owned by the SWR subgraph; referenced by its key only. No description here: composition would have to choose
# between two (an INCONSISTENT_DESCRIPTION hint) and could drop the SWR subgraph's documentation.
type SharedRepository @key(fields: "namespace name", resolvable: false) {
  namespace: String!
  name: String!
}

type Query {
  deployments: [Deployment!]!
}
`;

export interface DeploymentData {
  id: string;
  image: { namespace: string; name: string };
}

/** The deployments subgraph as a yoga app (serve it with `createServer`). */
export function createDeploymentsSubgraph(deployments: readonly DeploymentData[]) {
  const schema = buildSubgraphSchema({
    typeDefs: parse(DEPLOYMENTS_SDL),
    resolvers: {
      Query: { deployments: () => deployments },
      Deployment: {
        image: (d: DeploymentData) => ({ __typename: 'SharedRepository', ...d.image }),
      },
    },
  });
  return createYoga({ schema, logging: false, graphiql: false });
}
