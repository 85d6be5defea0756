import { parseErrorBody, parseRetryAfter } from '../../src/swr/upstreamError';
import { parseJsonPreservingLongs } from '../../src/swr/validate';

test.each([
  [
    '[{"errorCode":"SVCSTG.SWR.4001028","errorMessage":"m","detail":""}]',
    { code: 'SVCSTG.SWR.4001028', message: 'm' },
  ],
  ['{"errorCode":"SVCSTG.SWR.4000056","errorMessage":"m"}', { code: 'SVCSTG.SWR.4000056', message: 'm' }],
  ['{"errors":[{"errorCode":"E","errorMessage":"m"}]}', { code: 'E', message: 'm' }],
  [
    '{"error_code":"APIG.0301","error_msg":"m","request_id":"r"}',
    { code: 'APIG.0301', message: 'm', requestId: 'r' },
  ],
  ['{"error":{"code":401,"message":"m"}}', { code: '401', message: 'm' }],
  ['', {}],
  ['<html>oops</html>', {}],
])('error body %s is parsed', (body, expected) => {
  expect(parseErrorBody(body)).toEqual(expected);
});

test('Retry-After in seconds and as a date', () => {
  expect(parseRetryAfter('2')).toBe(2000);
  expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
  expect(parseRetryAfter('soon')).toBeUndefined();
});

test('64-bit literals beyond 2^53 survive parsing as exact strings; safe ones stay numbers', () => {
  const parsed = parseJsonPreservingLongs(
    '[{"size":18446744073709551615,"num_download":1234567890123456}]',
  ) as {
    size: unknown;
    num_download: unknown;
  }[];
  expect(parsed[0]).toEqual({ size: '18446744073709551615', num_download: 1234567890123456 });
});

test('the first integer past 2^53 is caught too, in any item, and other fields are left alone', () => {
  const parsed = parseJsonPreservingLongs(
    '[{"name":"a","size":1},{"name":"b","num_images":9007199254740993,"description":"12345678901234567890"}]',
  ) as Record<string, unknown>[];
  expect(parsed[0]).toEqual({ name: 'a', size: 1 });
  expect(parsed[1]).toEqual({
    name: 'b',
    num_images: '9007199254740993',
    description: '12345678901234567890',
  });
});
