/**
 * APIG's guard against guessing a secret key: when authentication with one AK fails more than five times in a row,
 * the AK is locked for five minutes, and every request signed with it is refused in that time, a correct signature
 * included. A success ends the run of failures; the lock lapses on its own.
 */

/** Failures in a row that are still tolerated; the next one locks the AK. */
export const TOLERATED_FAILURES = 5;
export const LOCK_MS = 5 * 60_000;

/** What APIG answers (401 `APIG.0301`) to a request signed with a locked AK. */
export const AK_LOCKED_MESSAGE =
  'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.';

export interface AkLockout {
  /** Whether `ak` is locked at `now` (epoch ms). */
  isLocked(ak: string, now: number): boolean;
  /** The outcome of one authentication with `ak` that was not refused for a lock. */
  record(ak: string, succeeded: boolean, now: number): void;
  /** Forget every run of failures and every lock. */
  clear(): void;
}

interface AkState {
  failuresInARow: number;
  lockedUntil: number;
}

export function createAkLockout(): AkLockout {
  const states = new Map<string, AkState>();
  return {
    isLocked: (ak, now) => (states.get(ak)?.lockedUntil ?? 0) > now,
    record(ak, succeeded, now) {
      if (succeeded) {
        states.delete(ak);
        return;
      }
      const state = states.get(ak) ?? { failuresInARow: 0, lockedUntil: 0 };
      state.failuresInARow += 1;
      // A lock starts a new count: after it lapses, another full run of failures is tolerated.
      if (state.failuresInARow > TOLERATED_FAILURES) {
        state.failuresInARow = 0;
        state.lockedUntil = now + LOCK_MS;
      }
      states.set(ak, state);
    },
    clear: () => states.clear(),
  };
}
