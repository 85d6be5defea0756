import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEnumType, isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { schema } from '../../src/schema';
import { printGatewaySchema } from '../../src/schema/print';

test('schema.graphql equals the schema printed from the code (run `npm run schema:print`)', () => {
  const checkedIn = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  expect(checkedIn).toBe(printGatewaySchema());
});

/** `_Any`, `_Entity`, `_Service`, `_entities`, `_service`: the federation spec's, not ours (and not in the SDL). */
const isSpecName = (name: string) => name.startsWith('_');

test('every type, field, argument and enum value has a description', () => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isSpecName(type.name) || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (isSpecName(field.name)) continue;
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    if (isScalarType(type) && !type.description) missing.push(type.name);
  }
  expect(missing).toEqual([]);
});

test('the public contract keeps its names', () => {
  const sdl = printGatewaySchema();
  for (const fragment of [
    'sharedRepositories(',
    'center: SharedRepositoryCenter! = SELF',
    'namespace: String',
    'page: PageInput',
    'sort: SharedRepositorySort',
    'enum SharedRepositoryCenter',
    'enum SharedRepositorySortField',
    'enum SortDirection',
    'direction: SortDirection! = DESC',
    'type SharedRepositoryConnection',
  ]) {
    expect(sdl).toContain(fragment);
  }
});
