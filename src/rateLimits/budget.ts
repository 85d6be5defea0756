import { createHmac, randomBytes } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Rate } from '../config';
import { boundedMemo } from '../support/boundedMemo';
import type { LimitKind, LimitStore } from './store';

/** What one count said. */
export interface Decision {
  allowed: boolean;
  /** What is left of the budget in this window, this request counted. */
  remaining: number;
  /** Milliseconds until the window ends and the budget is whole again. */
  resetMs: number;
}

/** A budget of `rate` per key, counted in Redis (shared by the replicas) when there is one, else in memory. */
export interface Budget {
  readonly rate: Rate;
  /** Counts one use by `who` (a tuple naming the caller or identity; only its HMAC is stored). Never throws. */
  take(who: readonly string[]): Promise<Decision>;
  /** Uses refused so far. */
  readonly refused: number;
}

/** Keys remembered with their HMAC: a caller's token may be kilobytes long, and a busy caller repeats it. */
const KEYS_REMEMBERED = 1000;

/**
 * The library's counter script with the window in milliseconds (`PX`) instead of whole seconds (`EX`), so that a
 * window of 500 ms or 1.5 s lasts exactly that. `ARGV[4]` is the limiter's own duration in seconds (fractional).
 */
const INCR_WITH_MS_WINDOW = `local window = math.floor(tonumber(ARGV[4]) * 1000 + 0.5)
redis.call('set', KEYS[1], 0, 'PX', window, 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('pexpire', KEYS[1], window)
  ttl = window
end
return {consumed, ttl}`;

/** Per-call options the Redis limiter hands on to its insurance: marked when the insurance had to count. */
interface CountNote {
  failedOver?: boolean;
  /** Read by the library only to decide that the script runs (it skips it for windows under a second). */
  customDuration: number;
}

/** The in-memory count, as the Redis limiter's insurance: it notes on the call that it stood in. */
class InsuranceLimiter extends RateLimiterMemory {
  override consume(key: string | number, points?: number, options?: CountNote): Promise<RateLimiterRes> {
    if (options) options.failedOver = true;
    // Its own window, not the one the call carries for the Redis script.
    return super.consume(key, points);
  }
}

function decisionOf(outcome: unknown, rate: Rate): Decision | undefined {
  if (!(outcome instanceof RateLimiterRes)) return undefined;
  return {
    allowed: outcome.consumedPoints <= rate.count,
    remaining: outcome.remainingPoints,
    resetMs: Math.max(0, outcome.msBeforeNext),
  };
}

/** A count's outcome, whether the limiter resolved (allowed) or rejected (refused) with it. */
async function settle(count: Promise<RateLimiterRes>, rate: Rate): Promise<Decision | undefined> {
  try {
    return decisionOf(await count, rate);
  } catch (outcome) {
    return decisionOf(outcome, rate);
  }
}

/**
 * Structured keys: the tuple is hashed as JSON (no separator that input could forge), with `secret` so that
 * neither Redis nor memory ever holds a token or key, and replicas sharing the secret share the key.
 */
function keyer(secret: string | undefined): (who: readonly string[]) => string {
  const key = secret ?? randomBytes(32).toString('hex');
  const hmac = boundedMemo(KEYS_REMEMBERED, (text) =>
    createHmac('sha256', key).update(text, 'utf8').digest('base64url'),
  );
  return (who) => hmac(JSON.stringify(who));
}

export interface BudgetOptions {
  kind: LimitKind;
  rate: Rate;
  /** The HMAC secret replicas share (`CACHE_HMAC_SECRET`); a random one without Redis. */
  secret: string | undefined;
  /** Redis, when replicas share the budget. */
  store: LimitStore | undefined;
}

/**
 * One budget (fixed window, rate-limiter-flexible): N uses arriving together pass, the next is refused until the
 * window ends. With Redis each count is one atomic script on the shared key, so every replica sees it at once;
 * when Redis cannot answer, the replica's own memory counts instead (fail open) until it can again.
 */
export function createBudget({ kind, rate, secret, store }: BudgetOptions): Budget {
  const duration = rate.windowMs / 1000;
  const keyOf = keyer(secret);
  const memory = new InsuranceLimiter({ points: rate.count, duration, keyPrefix: kind });
  const redis =
    store &&
    new RateLimiterRedis({
      storeClient: store.client,
      points: rate.count,
      duration,
      keyPrefix: `${store.keyPrefix}rl:${kind}`,
      rejectIfRedisNotReady: true,
      customIncrTtlLuaScript: INCR_WITH_MS_WINDOW,
      insuranceLimiter: memory,
    });
  let refused = 0;
  const count = async (key: string): Promise<Decision | undefined> => {
    if (!redis || !store?.usable()) {
      store?.countedInMemory(kind);
      return settle(memory.consume(key), rate);
    }
    const note: CountNote = { customDuration: Math.max(1, duration) };
    const decision = await settle(redis.consume(key, 1, note), rate);
    if (note.failedOver) store.failedOver(kind);
    else store.answered();
    return decision;
  };
  return {
    rate,
    get refused() {
      return refused;
    },
    async take(who) {
      // Anything but a count (an unexpected error) lets the use through: a limit never fails a request itself.
      const decision = (await count(keyOf(who))) ?? { allowed: true, remaining: 0, resetMs: rate.windowMs };
      if (!decision.allowed) refused++;
      return decision;
    },
  };
}
