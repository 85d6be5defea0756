/**
 * SWR's naming rules for organizations (namespaces) and repositories, written from the API reference as grammars:
 * lowercase-alphanumeric runs joined by one separator (or two underscores). The gateway checks its arguments with
 * rules of its own (`src/swr/rules.ts`); these are the simulator's, so that a rule the gateway gets wrong shows as
 * a disagreement with SWR rather than being confirmed by its own copy.
 */

/** Starts with a letter, ends with a letter or digit; `.` `_` `-` between runs, `__` allowed. */
const NAMESPACE = /^[a-z][a-z0-9]*(?:(?:__|[._-])[a-z0-9]+)*$/;
const NAMESPACE_MAX = 64;

/** Letters or digits at both ends; `.` `/` `_` `-` between runs, `__` allowed. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:__|[./_-])[a-z0-9]+)*$/;
const REPOSITORY_NAME_MAX = 128;

/**
 * Any run of consecutive characters of a valid repository name: it may begin or end inside a separator (`-web`,
 * `tools/`, `_`), but holds no pair of separators a name cannot hold (`--`, `___`).
 */
const REPOSITORY_NAME_PART = /^(?:__|[./_-])?(?:[a-z0-9]+(?:(?:__|[./_-])[a-z0-9]+)*(?:__|[./_-])?)?$/;

export function isValidNamespace(value: string): boolean {
  return value.length <= NAMESPACE_MAX && NAMESPACE.test(value);
}

/** A `/` arrives as `$` in a query; callers translate before checking. */
export function isValidRepositoryName(value: string): boolean {
  return value.length <= REPOSITORY_NAME_MAX && REPOSITORY_NAME.test(value);
}

/** What the `name` filter accepts: SWR matches it as a substring, so any part of a valid name will do. */
export function isValidRepositoryNamePart(value: string): boolean {
  return value !== '' && value.length <= REPOSITORY_NAME_MAX && REPOSITORY_NAME_PART.test(value);
}
