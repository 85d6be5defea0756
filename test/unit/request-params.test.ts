import { decodeBody, doorOperation, paramsFromSearch, parseJsonBody } from '../../src/request/params';

const Q = '{ sharedRepositories { totalCount } }';

describe('GET parameters, read as yoga reads them', () => {
  test('variables and extensions are JSON; empty values are absent', () => {
    const search = new URLSearchParams({ query: Q, variables: '{"a":1}', operationName: '', extensions: '' });
    expect(paramsFromSearch(search.toString())).toEqual({
      query: Q,
      operationName: undefined,
      variables: { a: 1 },
      extensions: undefined,
    });
  });

  test('malformed JSON variables throw (yoga answers them)', () => {
    expect(() => paramsFromSearch(`query=${encodeURIComponent(Q)}&variables=%7B`)).toThrow(SyntaxError);
  });
});

describe('JSON bodies', () => {
  test('a byte-order mark is dropped, as fetch text() does', () => {
    expect(decodeBody(Buffer.from(`\uFEFF{"query":"x"}`, 'utf8'))).toBe('{"query":"x"}');
  });

  test("yoga's refusals: invalid JSON, and bodies that are not objects", () => {
    expect(() => parseJsonBody('{"query": ')).toThrow('POST body sent invalid JSON.');
    expect(() => parseJsonBody('null')).toThrow('POST body is expected to be object but received null');
    expect(() => parseJsonBody('"text"')).toThrow('POST body is expected to be object but received string');
  });
});

describe('the operations the front door answers itself', () => {
  test('what real clients send: query, name, variables, extensions without a persisted document', () => {
    const extensions = { clientLibrary: { name: '@apollo/client', version: '4' } };
    expect(doorOperation({ query: Q, operationName: 'Q', variables: { a: 1 }, extensions })).toEqual({
      query: Q,
      operationName: 'Q',
      variables: { a: 1 },
    });
    expect(doorOperation({ query: Q, operationName: null, variables: null })).toEqual({
      query: Q,
      operationName: undefined,
      variables: undefined,
    });
  });

  test('"" is a name (it names no operation), not an absent one', () => {
    expect(doorOperation({ query: Q, operationName: '' })?.operationName).toBe('');
  });

  test.each<[string, Record<string, unknown>]>([
    ['no query', { variables: {} }],
    ['empty query', { query: '' }],
    ['query not a string', { query: 42 }],
    ['unknown key', { query: Q, foo: 1 }],
    ['name not a string', { query: Q, operationName: 3 }],
    ['variables an array', { query: Q, variables: [1] }],
    ['variables a string', { query: Q, variables: '{}' }],
    ['extensions not an object', { query: Q, extensions: 3 }],
    ['a persisted document', { query: Q, extensions: { persistedQuery: { sha256Hash: 'x' } } }],
  ])('left to yoga: %s', (_name, params) => {
    expect(doorOperation(params)).toBeUndefined();
  });
});
