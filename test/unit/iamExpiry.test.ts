import { localExpiry } from '../../src/swr/credentials/iam';

const ASKED = Date.UTC(2024, 0, 1, 12, 0, 0);

test("with issued_at, the lifetime counts from when we asked: a server clock ahead of ours can't stretch it", () => {
  // The server's clock runs an hour ahead: taken literally, expires_at would give us 25 hours.
  const body = {
    token: { issued_at: '2024-01-01T13:00:00.000000Z', expires_at: '2024-01-02T13:00:00.000000Z' },
  };
  expect(localExpiry(body, ASKED)).toBe(ASKED + 24 * 3_600_000);
});

test('a server clock behind ours shortens the lifetime to expires_at as our clock reads it', () => {
  const body = {
    token: { issued_at: '2024-01-01T11:00:00.000000Z', expires_at: '2024-01-02T11:00:00.000000Z' },
  };
  expect(localExpiry(body, ASKED)).toBe(Date.parse('2024-01-02T11:00:00Z'));
});

test('without issued_at, expires_at is taken as is; without expires_at there is no expiry', () => {
  expect(localExpiry({ token: { expires_at: '2024-01-02T12:00:00Z' } }, ASKED)).toBe(ASKED + 24 * 3_600_000);
  expect(localExpiry({ token: {} }, ASKED)).toBeUndefined();
  expect(localExpiry({}, ASKED)).toBeUndefined();
});
