import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  specifiedScalarTypes,
} from 'graphql';
import { schema } from '../../src/schema';
import { printGatewaySchema } from '../../src/schema/print';

test('schema.graphql equals the schema printed from the code (run `npm run schema:print`)', () => {
  const checkedIn = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  expect(checkedIn).toBe(printGatewaySchema());
});

/** `_Any`, `_Entity`, `_Service`, `_entities`, `_service`: the federation spec's, not ours (and not in the SDL). */
const isSpecName = (name: string) => name.startsWith('_');

/** Every type, field, argument, input field and enum value of `target` without a description. */
function undocumented(target: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(target.getTypeMap())) {
    if (isSpecName(type.name) || specifiedScalarTypes.some((s) => s.name === type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
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
  }
  return missing;
}

test('every type, field, argument, input field and enum value has a description', () => {
  expect(undocumented(schema)).toEqual([]);
});

test('the documentation check finds each kind of undocumented element', () => {
  const sdl = `
    """Q""" type Query { """f""" f(a: Int, """b""" b: In): E }
    """N""" interface N { id: ID }
    """In""" input In { """x""" x: Int, y: Int }
    """E""" enum E { """A""" A, B }
    scalar S
    type Bare implements N { """id""" id: ID }`;
  expect(undocumented(buildSchema(sdl)).sort()).toEqual(
    ['Bare', 'E.B', 'In.y', 'N.id', 'Query.f(a)', 'S'].sort(),
  );
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
