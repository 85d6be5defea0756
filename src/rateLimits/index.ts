import type { Access } from '../access/access';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Operations } from '../ops';
import type { RequestFinisher } from '../request/finish';
import type { UpstreamAdmission } from '../swr/client';
import type { Budget, BudgetOptions } from './budget';
import { type CallerLimit, createCallerLimit } from './callerLimit';
import type { LimitKind, LimitStore, LimitStoreOptions } from './store';

export type { CallerLimit } from './callerLimit';

/** The gateway's two limits, made once per process; each undefined when its setting is unset. */
export interface RateLimits {
  /** Requests per caller (CALLER_RATE_LIMIT), applied by the front door. */
  caller: Budget | undefined;
  /** SWR calls per SWR identity (UPSTREAM_RATE_LIMIT), asked by the SWR client before each call. */
  upstream: UpstreamAdmission | undefined;
  /** The front door's step for the caller limit, over the gateway's caller access; undefined when it is off. */
  callerLimit(access: Access, finish: RequestFinisher): CallerLimit | undefined;
  /** True once the Redis the limits count in is connected (at once without one); false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): void;
}

interface LimitsCode {
  createBudget(options: BudgetOptions): Budget;
  upstreamAdmission(budget: Budget): UpstreamAdmission;
  LimitStore: new (options: LimitStoreOptions) => LimitStore;
}

/**
 * The limits' code (rate-limiter-flexible, and ioredis with Redis), loaded only when a limit is configured: a
 * gateway without limits has no use for its memory.
 */
function loadLimitsCode(): LimitsCode {
  return {
    ...(require('./budget') as typeof import('./budget')),
    ...(require('./upstreamBudget') as typeof import('./upstreamBudget')),
    LimitStore: (require('./store') as typeof import('./store')).LimitStore,
  };
}

function registerMetrics(ops: Operations, budgets: Partial<Record<LimitKind, Budget>>, store?: LimitStore) {
  const kinds: LimitKind[] = ['caller', 'upstream'];
  ops.metrics?.registerStats({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused by a caller limit (kind="caller") and SWR calls not made because the upstream budget was spent (kind="upstream")',
    type: 'counter',
    labelNames: ['kind'],
    read: () => kinds.map((kind) => ({ labels: { kind }, value: budgets[kind]?.refused ?? 0 })),
  });
  ops.metrics?.registerStats({
    name: 'gateway_rate_limit_fail_open_total',
    help: 'Counts made in per-replica memory because Redis could not answer (the limits fail open)',
    type: 'counter',
    labelNames: ['kind'],
    read: () => kinds.map((kind) => ({ labels: { kind }, value: store?.failOpen[kind] ?? 0 })),
  });
}

/** The limits the configuration asks for: in Redis when there is one (shared by the replicas), else in memory. */
export function createRateLimits(config: Config, logger: Logger, ops: Operations): RateLimits {
  const { caller, upstream } = config.rateLimits;
  if (caller === undefined && upstream === undefined) {
    registerMetrics(ops, {});
    return {
      caller: undefined,
      upstream: undefined,
      callerLimit: () => undefined,
      ready: async () => true,
      close: () => undefined,
    };
  }
  const code = loadLimitsCode();
  const redis = config.cache.redis;
  const store =
    redis &&
    new code.LimitStore({
      url: redis.url,
      keyPrefix: redis.keyPrefix,
      commandTimeoutMs: redis.commandTimeoutMs,
      retryAfterMs: redis.retryAfterMs,
      logger: logger.child({ component: 'rate-limits' }),
    });
  const budget = (kind: LimitKind, rate: NonNullable<typeof caller>) =>
    code.createBudget({ kind, rate, secret: config.cache.hmacSecret, store });
  const budgets = {
    caller: caller && budget('caller', caller),
    upstream: upstream && budget('upstream', upstream),
  };
  registerMetrics(ops, budgets, store);
  return {
    caller: budgets.caller,
    upstream: budgets.upstream && code.upstreamAdmission(budgets.upstream),
    callerLimit: (access, finish) =>
      budgets.caller &&
      createCallerLimit({
        budget: budgets.caller,
        access,
        mode: config.callerAuth.mode,
        trustProxy: config.rateLimits.trustProxy,
        finish,
      }),
    ready: async (timeoutMs) => (store ? store.whenReady(timeoutMs) : true),
    close: () => store?.close(),
  };
}
