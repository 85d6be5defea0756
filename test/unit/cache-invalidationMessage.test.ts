import {
  decodeInvalidation,
  encodeInvalidation,
  type InvalidationMessage,
  invalidationChannel,
} from '../../src/cache/invalidationMessage';

test('both kinds survive encoding', () => {
  const messages: InvalidationMessage[] = [
    {
      kind: 'entry',
      replica: 'peer',
      id: 'v1:b3duZXI:https://swr.example/v2/manage/shared-repositories?center=self',
      storedAt: 1_700_000_000_000,
    },
    { kind: 'owner', replica: 'peer', owner: 'aGVsbG8' },
  ];
  for (const message of messages) expect(decodeInvalidation(encodeInvalidation(message))).toEqual(message);
});

test('fields a later version adds are ignored', () => {
  expect(decodeInvalidation('{"r":"peer","e":"p","t":5,"x":[1]}')).toEqual({
    kind: 'entry',
    replica: 'peer',
    id: 'p',
    storedAt: 5,
  });
  expect(decodeInvalidation('{"r":"peer","o":"alice","t":5}')).toEqual({
    kind: 'owner',
    replica: 'peer',
    owner: 'alice',
  });
});

test.each([
  ['not JSON', 'not json'],
  ['an empty message', ''],
  ['JSON null', 'null'],
  ['a number', '5'],
  ['a string', '"p"'],
  ['an array', '[{"r":"peer","e":"p","t":1}]'],
  ["another publisher's object", '{"type":"flush","keys":["p"]}'],
  ['no page and no owner', '{"r":"peer","t":1}'],
  ['both a page and an owner', '{"r":"peer","e":"p","o":"o","t":1}'],
  ['a page without its time', '{"r":"peer","e":"p"}'],
  ['a time that is text', '{"r":"peer","e":"p","t":"1"}'],
  ['a time that is not a number', '{"r":"peer","e":"p","t":null}'],
  ['a time beyond any number', '{"r":"peer","e":"p","t":1e400}'],
  ['no sender', '{"e":"p","t":1}'],
  ['a sender that is not text', '{"r":7,"o":"alice"}'],
  ['an owner that is not text', '{"r":"peer","o":{"id":"alice"}}'],
])('%s on the channel is not a message', (_what, text) => {
  expect(decodeInvalidation(text)).toBeUndefined();
});

test('the channel lives under the key prefix, so deployments sharing one Redis do not hear each other', () => {
  expect(invalidationChannel('swrgw:')).toBe('swrgw:invalidations');
  expect(invalidationChannel('staging:')).not.toBe(invalidationChannel('swrgw:'));
});
