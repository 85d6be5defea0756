/**
 * SWR's naming rules for organizations (namespaces) and repositories. The simulator rejects query values that
 * break them and never generates a name that breaks them. The rules live once, in `src/swr/rules.ts` (they are
 * part of the upstream contract, like `wire.ts`); the simulator's own tests pin them against the API reference.
 */
import { namespaceProblem, repositoryNameProblem } from '../swr/rules';

export function isValidNamespace(value: string): boolean {
  return namespaceProblem(value) === undefined;
}

/** A `/` arrives as `$` in a query; callers translate before checking. */
export function isValidRepositoryName(value: string): boolean {
  return repositoryNameProblem(value) === undefined;
}
