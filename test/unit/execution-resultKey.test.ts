import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { resultKey, resultKeyOf, variablesKey } from '../../src/execution/resultKey';

const OWNER = 'k7Q2m1nB8x0cV4zL9pT3sR6yW5uE2iO1aD8fG7hJ0kM';

/** `depth` containers, each inside the next, built without recursion. */
function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/**
 * An independent canonical form, written plainly (recursive: test inputs are shallow): keys sorted, no
 * spaces.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const members = Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`);
  return `{${members.join(',')}}`;
}

/** Reorders every object's keys, the same JSON value written another way. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

/**
 * Variables as JSON bodies carry them, with any UTF-16 text in keys and strings (lone surrogates included).
 */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
const variables = fc.dictionary(
  utf16,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown),
  { maxKeys: 6 },
);

test('variables 30,000 deep are not keyable, and nothing throws', () => {
  for (const wrap of [(inner: unknown) => ({ a: inner }), (inner: unknown) => [inner]]) {
    const deep = nested(30_000, wrap);
    expect(() => variablesKey(deep)).not.toThrow();
    expect(variablesKey(deep)).toBeUndefined();
    expect(resultKeyOf(OWNER, 1, deep)).toBeUndefined();
  }
  // Also as they arrive: parsed from a request body's JSON text.
  const body = `{"v":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
  expect(variablesKey(JSON.parse(body))).toBeUndefined();
});

test('the depth bound: 64 levels are keyed, 65 are not', () => {
  const wrap = (inner: unknown) => ({ a: inner });
  expect(variablesKey(nested(64, wrap))).toBeDefined();
  expect(variablesKey(nested(65, wrap))).toBeUndefined();
  expect(variablesKey(nested(3, wrap), { maxDepth: 2, maxChars: 1000 })).toBeUndefined();
});

test('the size bound: variables longer than it are not keyable, however their size is made', () => {
  const limits = { maxDepth: 64, maxChars: 1000 };
  expect(variablesKey({ s: 'x'.repeat(980) }, limits)).toBeDefined();
  expect(variablesKey({ s: 'x'.repeat(1000) }, limits)).toBeUndefined();
  expect(variablesKey({ list: new Array(600).fill(0) }, limits)).toBeUndefined();
  expect(
    variablesKey(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, 0])), limits),
  ).toBeUndefined();
  // The default bound: 64 KiB of canonical JSON.
  expect(variablesKey({ s: 'x'.repeat(64 * 1024) })).toBeUndefined();
  expect(variablesKey({ s: 'x'.repeat(60 * 1024) })).toBeDefined();
});

test('values that are not JSON are not keyable, and a throwing getter does not throw', () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const throwing = Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('read');
    },
  });
  for (const bad of [
    { a: undefined },
    { a: () => 1 },
    { a: Number.NaN },
    { a: Number.POSITIVE_INFINITY },
    { a: 1n },
    { a: Symbol('s') },
    { a: new Date(0) },
    { a: new Map() },
    [1, undefined, 3],
    new Array(3),
    cycle,
    throwing,
  ]) {
    expect(variablesKey(bad)).toBeUndefined();
  }
});

test('absent variables (undefined or null) share a key; empty variables have their own', () => {
  expect(variablesKey(undefined)).toBe(variablesKey(null));
  expect(variablesKey({})).not.toBe(variablesKey(null));
  expect(variablesKey({})).toBe('{}');
});

test('equal variables give equal keys, whatever their key order, frozen or not (property)', () => {
  fc.assert(
    fc.property(variables, (vars) => {
      const key = resultKeyOf(OWNER, 7, vars);
      expect(key).toBeDefined();
      expect(resultKeyOf(OWNER, 7, reversedKeys(vars))).toBe(key);
      expect(resultKeyOf(OWNER, 7, JSON.parse(JSON.stringify(vars)))).toBe(key);
      expect(resultKeyOf(OWNER, 7, Object.freeze(vars))).toBe(key);
    }),
  );
});

test('variables are keyed by their canonical JSON, hashed only when long (property)', () => {
  fc.assert(
    fc.property(variables, (vars) => {
      const part = variablesKey(vars);
      const text = canonical(vars);
      expect(part).toBe(
        text.length <= 256 ? text : `#${createHash('sha256').update(text).digest('base64url')}`,
      );
    }),
  );
});

test('keys differ when owner, document or variables differ, and only then (property)', () => {
  const request = fc.record({
    // Owners are HMACs in use; any text here, digits and colons included, must still keep keys apart.
    owner: fc.oneof(fc.constantFrom(OWNER, '1', '12', '1:2', ''), utf16),
    id: fc.oneof(fc.constantFrom(1, 2, 12, 23), fc.nat()),
    vars: fc.oneof(fc.constant(undefined), variables),
  });
  fc.assert(
    fc.property(request, request, (a, b) => {
      const same =
        a.owner === b.owner && a.id === b.id && canonical(a.vars ?? null) === canonical(b.vars ?? null);
      expect(resultKeyOf(a.owner, a.id, a.vars) === resultKeyOf(b.owner, b.id, b.vars)).toBe(same);
    }),
    { numRuns: 500 },
  );
});

test('owner and document id cannot trade characters: the owner is length-prefixed', () => {
  const part = variablesKey({ first: 20 })!;
  expect(resultKey('1', 23, part)).not.toBe(resultKey('12', 3, part));
  expect(resultKey('a1', 2, part)).not.toBe(resultKey('a', 12, part));
});

test('keys stay short whatever the variables, and long variables still tell results apart', () => {
  const big = (n: number) => ({ filter: 'x'.repeat(10_000), n });
  const a = resultKeyOf(OWNER, 123456, big(1))!;
  expect(a.length).toBeLessThan(120);
  expect(a).not.toBe(resultKeyOf(OWNER, 123456, big(2)));
  expect(resultKeyOf(OWNER, 123456, big(1))).toBe(a);
});
