import { utf8Bytes } from '../../src/support/utf8';

test('the bytes are exactly what Buffer.from makes, for one- and two-byte text, emoji and lone surrogates', () => {
  const texts = [
    '',
    'plain ASCII',
    'Latin-1: café ÿ',
    '中文描述 and ASCII',
    'emoji 😀 and 𝄞',
    'lone \ud800 high and \udc00 low surrogates',
    JSON.stringify({ description: '镜像仓库', tags: ['v1', 'latest'] }),
  ];
  for (const text of texts) expect(utf8Bytes(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
});

test('texts larger than the scratch grow it, past its cap take the plain path, and results never share memory', () => {
  const big = `${'x'.repeat(100_000)}中${'y'.repeat(50_000)}`;
  const huge = `中${'z'.repeat(3_000_000)}`;
  const first = utf8Bytes(big);
  expect(first.equals(Buffer.from(big, 'utf8'))).toBe(true);
  expect(utf8Bytes(huge).equals(Buffer.from(huge, 'utf8'))).toBe(true);
  // A later encoding reuses the scratch: the earlier bytes must be a copy of their own.
  const second = utf8Bytes('another text, 另一个');
  expect(first.equals(Buffer.from(big, 'utf8'))).toBe(true);
  expect(second.toString('utf8')).toBe('another text, 另一个');
});
