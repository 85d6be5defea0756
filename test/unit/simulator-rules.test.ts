import { isValidNamespace, isValidRepositoryName } from '../../src/simulator/rules';

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
