import { createKeyer } from '../../src/cache/keys';
import { tokenCredential } from '../../src/swr/credentials/credential';
import type { WireListQuery } from '../../src/swr/wire';

const ORIGIN = 'https://swr-api.cn-north-4.myhuaweicloud.com';
const QUERY: WireListQuery = {
  center: 'self',
  limit: 20,
  offset: 0,
  order_column: 'updated_at',
  order_type: 'desc',
};
const SECRET = 'k'.repeat(40);

test('a key never contains the token, and two tokens never share a key', () => {
  const keyer = createKeyer(SECRET);
  const token = 'canary-token-1234567890';
  const a = keyer.keyFor(tokenCredential(token), ORIGIN, QUERY);
  const b = keyer.keyFor(tokenCredential('another-token'), ORIGIN, QUERY);
  expect(a.id).not.toContain(token);
  expect(a.owner).not.toContain(token);
  expect(a.id).not.toBe(b.id);
  expect(a.owner).not.toBe(b.owner);
});

test('the key is the canonical request: same query in any key order → same key; any difference → another', () => {
  const keyer = createKeyer(SECRET);
  const credential = tokenCredential('t');
  const reordered = {
    order_type: 'desc',
    order_column: 'updated_at',
    offset: 0,
    limit: 20,
    center: 'self',
  } as const;
  expect(keyer.keyFor(credential, ORIGIN, reordered).id).toBe(keyer.keyFor(credential, ORIGIN, QUERY).id);
  expect(keyer.keyFor(credential, ORIGIN, { ...QUERY, offset: 20 }).id).not.toBe(
    keyer.keyFor(credential, ORIGIN, QUERY).id,
  );
  expect(keyer.keyFor(credential, 'https://other.example', QUERY).id).not.toBe(
    keyer.keyFor(credential, ORIGIN, QUERY).id,
  );
  expect(keyer.keyFor(credential, ORIGIN, QUERY).id).toContain('/v2/manage/shared-repositories?');
});

test('replicas with one secret agree on keys; a different or random secret does not', () => {
  const credential = tokenCredential('t');
  const one = createKeyer(SECRET).keyFor(credential, ORIGIN, QUERY).id;
  expect(createKeyer(SECRET).keyFor(credential, ORIGIN, QUERY).id).toBe(one);
  expect(createKeyer('x'.repeat(40)).keyFor(credential, ORIGIN, QUERY).id).not.toBe(one);
  expect(createKeyer(undefined).keyFor(credential, ORIGIN, QUERY).id).not.toBe(
    createKeyer(undefined).keyFor(credential, ORIGIN, QUERY).id,
  );
});
