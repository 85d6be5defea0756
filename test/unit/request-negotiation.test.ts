import { chooseResultMediaType, isJsonBody } from '../../src/request/negotiation';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

describe('the media type of a single result (RFC 9110 Accept)', () => {
  test.each<[string, string | undefined, string | undefined]>([
    // Real clients' lists.
    [
      'urql',
      'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      GRAPHQL_RESPONSE,
    ],
    ['Apollo Client 4', 'application/graphql-response+json,application/json;q=0.9', GRAPHQL_RESPONSE],
    ['graphql-request', 'application/graphql-response+json, application/json', GRAPHQL_RESPONSE],
    ['fetch default', '*/*', JSON_TYPE],
    ['no header', undefined, JSON_TYPE],
    ['empty header', '', JSON_TYPE],
    // Weights, order and case.
    ['heavier JSON type wins', 'application/graphql-response+json;q=0.5, application/json;q=0.6', JSON_TYPE],
    ['equal weights: first listed', 'application/json, application/graphql-response+json', JSON_TYPE],
    ['case-insensitive', 'APPLICATION/JSON', JSON_TYPE],
    ['q with three decimals', 'application/json;q=0.001', JSON_TYPE],
    ['type wildcard', 'application/*', JSON_TYPE],
    [
      'specific range decides over the wildcard',
      'application/*;q=0.1, application/graphql-response+json;q=0',
      JSON_TYPE,
    ],
    ['a low-weight JSON beside HTML', 'text/html, application/json;q=0.1', JSON_TYPE],
    ['charset utf-8 is fine', 'application/json; charset=UTF-8', JSON_TYPE],
    // Refusals of JSON.
    ['q=0 refuses it', 'application/json;q=0', undefined],
    ['HTML only', 'text/html', undefined],
    ['another charset', 'application/json; charset=latin1', undefined],
    ['malformed q', 'application/json;q=2', undefined],
    ['streams only', 'multipart/mixed', undefined],
    ['malformed range', 'json', undefined],
  ])('%s', (_name, accept, expected) => {
    expect(chooseResultMediaType(accept).json).toBe(expected);
  });

  test('a stream-only Accept is acceptable (yoga streams), HTML is not', () => {
    expect(chooseResultMediaType('text/event-stream')).toEqual({ json: undefined, acceptable: true });
    expect(chooseResultMediaType('multipart/mixed;q=0.5')).toEqual({ json: undefined, acceptable: true });
    expect(chooseResultMediaType('text/html')).toEqual({ json: undefined, acceptable: false });
  });
});

describe('JSON request bodies (RFC 9110 Content-Type)', () => {
  test.each<[string | undefined, boolean]>([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['APPLICATION/JSON', true],
    ['Application/Json;Charset="UTF-8"', true],
    ['application/graphql+json', true],
    ['application/json, text/plain', true],
    ['application/json charset=utf-8', false],
    ['application/json-patch+json', false],
    ['application/graphql-response+json', false],
    ['application/json; charset=latin1', false],
    ['application/json; charset', false],
    ['text/plain', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isJsonBody(contentType)).toBe(expected);
  });
});
