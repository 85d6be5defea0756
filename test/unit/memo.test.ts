import { boundedMemo } from '../../src/support/boundedMemo';

test('a key is computed once while remembered; past the bound the memo starts afresh and stays correct', () => {
  const computed: string[] = [];
  const upper = boundedMemo(2, (key) => {
    computed.push(key);
    return key.toUpperCase();
  });
  expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
  expect(computed).toEqual(['a', 'b']);
  // A third key resets the memo: 'a' is made again, with the same value.
  expect([upper('c'), upper('a')]).toEqual(['C', 'A']);
  expect(computed).toEqual(['a', 'b', 'c', 'a']);
});
