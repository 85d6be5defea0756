/**
 * UTF-8 bytes of a string, made without `Buffer.from`'s first pass. `Buffer.from(text)` measures the encoded length
 * before encoding, and for a two-byte string (any result that holds one non-ASCII character, such as a Chinese
 * description) that pass costs more than the encoding itself, on every answer. Here the text is encoded
 * once into a reused scratch buffer sized for the worst case (3 bytes per UTF-16 code unit) and the bytes are
 * copied out. Texts beyond the scratch's cap take the plain path.
 */
const SCRATCH_CAP = 8 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

export function utf8Bytes(text: string): Buffer {
  const worst = text.length * 3;
  if (worst > SCRATCH_CAP) return Buffer.from(text, 'utf8');
  if (worst > scratch.length)
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_CAP, Math.max(worst, scratch.length * 2)));
  const length = scratch.write(text, 0, 'utf8');
  const bytes = Buffer.allocUnsafe(length);
  scratch.copy(bytes, 0, 0, length);
  return bytes;
}
