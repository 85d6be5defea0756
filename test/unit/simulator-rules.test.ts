import {
  isValidNamespace,
  isValidRepositoryName,
  isValidRepositoryNamePart,
} from '../../src/simulator/rules';

describe('isValidNamespace', () => {
  it.each(['a', 'team-3fa2c1', 'ml_ops.3fa2c1', 'data__lake', 'a1', 'a'.repeat(64)])(
    'accepts %p',
    (namespace) => {
      expect(isValidNamespace(namespace)).toBe(true);
    },
  );

  it.each([
    '',
    'Team',
    '1team',
    '_team',
    'team-',
    'a..b',
    'a._b',
    'a-_b',
    'a___b',
    'a/b',
    'a b',
    'a'.repeat(65),
  ])('rejects %p', (namespace) => {
    expect(isValidNamespace(namespace)).toBe(false);
  });
});

describe('isValidRepositoryName', () => {
  it.each(['busybox', 'tools/builder', '1abc', 'a__b', 'python3.11', 'a/b/c', 'a'.repeat(128)])(
    'accepts %p',
    (name) => {
      expect(isValidRepositoryName(name)).toBe(true);
    },
  );

  it.each(['', '-a', 'a-', '/a', 'a//b', 'a/_b', 'a.-b', 'a___b', 'Abc', 'a$b', 'a'.repeat(129)])(
    'rejects %p',
    (name) => {
      expect(isValidRepositoryName(name)).toBe(false);
    },
  );
});

describe('isValidRepositoryNamePart', () => {
  it.each(['busybox', '-web', 'web-', '-', '/', '_', '__', 'a__', '__b', 'tools/', '.11', 'a'.repeat(128)])(
    'accepts %p, part of some valid name',
    (part) => {
      expect(isValidRepositoryNamePart(part)).toBe(true);
    },
  );

  it.each(['', '--', '-_', '___', 'a//b', 'a.-', 'Web', 'a b', 'a$b', 'a'.repeat(129)])(
    'rejects %p, which no valid name contains',
    (part) => {
      expect(isValidRepositoryNamePart(part)).toBe(false);
    },
  );
});
