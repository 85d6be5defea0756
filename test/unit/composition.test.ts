import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { DEPLOYMENTS_SDL } from '../helpers/deployments';

/** The checked-in file, exactly what a platform team hands to `rover supergraph compose`. */
const SUBGRAPH_SDL = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');

function compose() {
  return composeServices([
    { name: 'swr', url: 'http://swr.test/graphql', typeDefs: parse(SUBGRAPH_SDL) },
    { name: 'deployments', url: 'http://deployments.test/graphql', typeDefs: parse(DEPLOYMENTS_SDL) },
  ]);
}

test('schema.graphql is a federation v2 subgraph with SharedRepository keyed by namespace and name', () => {
  expect(SUBGRAPH_SDL).toMatch(
    /^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/,
  );
  expect(SUBGRAPH_SDL).toMatch(/type SharedRepository\s+@key\(fields: "namespace name"\)/);
});

test('schema.graphql composes with a subgraph that references SharedRepository, without errors or hints', () => {
  const result = compose();
  expect(result.errors ?? []).toEqual([]);
  expect((result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
});

test('the supergraph lets Deployment.image resolve SharedRepository in the SWR subgraph by its key', () => {
  const { supergraphSdl } = compose();
  expect(supergraphSdl).toContain('@join__type(graph: SWR, key: "namespace name")');
  expect(supergraphSdl).toContain(
    '@join__type(graph: DEPLOYMENTS, key: "namespace name", resolvable: false)',
  );
  expect(supergraphSdl).toMatch(/type Deployment[\s\S]*image: SharedRepository/);
});
