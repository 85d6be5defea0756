/**
 * What the simulator builds the first time a tenant is asked for, counted: each list it generates, each sorted
 * copy of one, each repository's JSON. Later answers reuse all three, so the counts show whether an answer paid
 * for first-touch work (`prepareTenants` exists so that a benchmark's timed run does not).
 */
export const firstTouchWork = { lists: 0, sortedCopies: 0, repositoryJson: 0 };
