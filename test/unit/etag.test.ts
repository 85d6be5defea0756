import { ifNoneMatchHits } from '../../src/request/etag';

const TAG = '"abc"';

test('If-None-Match matches its tag in a list, weakly compared, or as *', () => {
  expect(ifNoneMatchHits('"abc"', TAG)).toBe(true);
  expect(ifNoneMatchHits('"x", W/"abc" , "y"', TAG)).toBe(true);
  expect(ifNoneMatchHits('*', TAG)).toBe(true);
  expect(ifNoneMatchHits('"abd"', TAG)).toBe(false);
  expect(ifNoneMatchHits('abc', TAG)).toBe(false);
  expect(ifNoneMatchHits(null, TAG)).toBe(false);
  expect(ifNoneMatchHits('', TAG)).toBe(false);
});
