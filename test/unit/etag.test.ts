import { createETagSigner, ifNoneMatchHits } from '../../src/request/etag';

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

test("a kept result's tag is the tag of its bytes, remembered per identity", () => {
  const signer = createETagSigner();
  const data = Buffer.from('{"sharedRepositories":{"totalCount":1}}');
  const alpha = signer.tagOfKept('alpha', data);
  expect(alpha).toBe(signer.tagOf('alpha', data.toString('utf8')));
  expect(signer.tagOfKept('alpha', data)).toBe(alpha);
  const beta = signer.tagOfKept('beta', data);
  expect(beta).toBe(signer.tagOf('beta', data));
  expect(beta).not.toBe(alpha);
  expect(signer.tagOfKept('alpha', data)).toBe(alpha);
});

test('replicas sharing a secret tag alike; without one each signer has its own key', () => {
  const data = '{"x":1}';
  expect(createETagSigner('s'.repeat(32)).tagOf('id', data)).toBe(
    createETagSigner('s'.repeat(32)).tagOf('id', data),
  );
  expect(createETagSigner().tagOf('id', data)).not.toBe(createETagSigner().tagOf('id', data));
});
