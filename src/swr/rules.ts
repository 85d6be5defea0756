/**
 * SWR's documented naming rules. The gateway checks arguments against them so a bad value is refused with a
 * clear message before any upstream call.
 */

/** Organization (namespace): 1-64 chars, lowercase start, lowercase/digit end, `.`/`_`/`-` separators. */
export function namespaceProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 64) return 'must be 1 to 64 characters long';
  if (!/^[a-z]/.test(value)) return 'must start with a lowercase letter';
  if (!/[a-z0-9]$/.test(value)) return 'must end with a lowercase letter or a digit';
  return separatorProblem(value, /^[a-z0-9._-]+$/, 'lowercase letters, digits, ".", "_" and "-"');
}

/** Repository name: 1-128 chars, `[a-z0-9]` at both ends, may contain `.` `/` `_` `-`. */
export function repositoryNameProblem(value: string): string | undefined {
  const problem = repositoryNamePartProblem(value);
  if (problem !== undefined) return problem;
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value))
    return 'must start and end with a lowercase letter or a digit';
  return undefined;
}

/**
 * Part of a repository name, as the `name` filter takes it: SWR matches it as a substring, so it may start or end
 * with a separator (`-web`, `tools/`). Refused only when no valid name could contain it: a character outside the
 * name's alphabet, separators side by side, or more than 128 characters.
 */
export function repositoryNamePartProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 128) return 'must be 1 to 128 characters long';
  return separatorProblem(value, /^[a-z0-9./_-]+$/, 'lowercase letters, digits, ".", "/", "_" and "-"');
}

/** Separators may not touch each other, except that up to two underscores may stand together. */
function separatorProblem(value: string, charset: RegExp, allowed: string): string | undefined {
  if (!charset.test(value)) return `may contain only ${allowed}`;
  if (/___/.test(value)) return 'may not contain more than two underscores in a row';
  const runs = value.match(/[./_-]{2,}/g) ?? [];
  if (runs.some((run) => run !== '__'))
    return 'may not have separators (".", "/", "_", "-") next to each other';
  return undefined;
}
