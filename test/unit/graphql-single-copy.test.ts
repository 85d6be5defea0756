import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/process';

/** Every directory named node_modules/graphql below the root's node_modules (nested copies included). */
function graphqlCopies(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'graphql' && existsSync(join(path, 'package.json'))) found.push(path);
    if (entry.name.startsWith('@')) graphqlCopies(path, found);
    else if (existsSync(join(path, 'node_modules'))) graphqlCopies(join(path, 'node_modules'), found);
  }
  return found;
}

test('graphql is installed once: a second copy would turn armor rejections into 500s', () => {
  expect(graphqlCopies(join(ROOT, 'node_modules'))).toEqual([join(ROOT, 'node_modules', 'graphql')]);
});

test('every package that uses graphql resolves the same copy', () => {
  const root = require.resolve('graphql');
  for (const pkg of [
    'graphql-yoga',
    '@pothos/core',
    '@escape.tech/graphql-armor',
    '@graphql-yoga/plugin-persisted-operations',
    '@envelop/core',
  ]) {
    const from = join(ROOT, 'node_modules', pkg);
    expect(existsSync(from)).toBe(true);
    expect(require.resolve('graphql', { paths: [from] })).toBe(root);
  }
});
