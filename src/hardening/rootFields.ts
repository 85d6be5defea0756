import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The root fields named `name` that an operation executes, by response key (alias or name), through
 * fragments and inline fragments at the root. Selections with the same response key merge into one field
 * (validation guarantees equal arguments), so they count once. `@skip`/`@include` are ignored: a limit must
 * hold for the worst case.
 */
export function rootFieldsNamed(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  name: string,
): FieldNode[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const byKey = new Map<string, FieldNode>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === name && !byKey.has(key)) byKey.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...byKey.values()];
}
