import { namespaceProblem, repositoryNamePartProblem, repositoryNameProblem } from '../../src/swr/rules';

describe('repositoryNamePartProblem: the name filter takes any part of a valid name', () => {
  it.each([
    'busybox',
    '-web',
    'web-',
    '-',
    '.',
    '/',
    '_',
    '__',
    'tools/',
    'a__',
    'portal-web-2',
    'a'.repeat(128),
  ])('accepts %p', (part) => {
    expect(repositoryNamePartProblem(part)).toBeUndefined();
  });

  it.each([
    ['', 'must be 1 to 128 characters long'],
    ['a'.repeat(129), 'must be 1 to 128 characters long'],
    ['Web', 'may contain only lowercase letters, digits, ".", "/", "_" and "-"'],
    ['web app', 'may contain only lowercase letters, digits, ".", "/", "_" and "-"'],
    ['a$b', 'may contain only lowercase letters, digits, ".", "/", "_" and "-"'],
    ['--', 'may not have separators (".", "/", "_", "-") next to each other'],
    ['a___b', 'may not contain more than two underscores in a row'],
  ])('refuses %p: it %s', (part, problem) => {
    expect(repositoryNamePartProblem(part)).toBe(problem);
  });
});

test.each(['-web', 'web-', 'tools/', '/tools', '__', '.'])(
  '%p is a filter but not a repository name: entity keys still name whole repositories',
  (part) => {
    expect(repositoryNamePartProblem(part)).toBeUndefined();
    expect(repositoryNameProblem(part)).toBe('must start and end with a lowercase letter or a digit');
  },
);

test('namespace stays exact: the part "-team" is refused, "team-a" taken', () => {
  expect(repositoryNamePartProblem('-team')).toBeUndefined();
  expect(namespaceProblem('-team')).toBe('must start with a lowercase letter');
  expect(namespaceProblem('team-a')).toBeUndefined();
});
