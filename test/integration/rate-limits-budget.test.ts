import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger } from '../../src/logger';
import { type Budget, createBudget } from '../../src/rateLimits/budget';
import { LimitStore } from '../../src/rateLimits/store';
import { TEST_SECRET } from '../helpers/cache';
import { startRedis, type TestRedis } from '../helpers/redis';

/** The budget's windows, in memory and in a real Redis: they last what was configured, to the millisecond. */
describe.each(['memory', 'redis'] as const)('a budget counted in %s', (where) => {
  let redis: TestRedis | undefined;
  let store: LimitStore | undefined;
  beforeAll(async () => {
    if (where !== 'redis') return;
    redis = await startRedis();
    store = new LimitStore({
      url: redis.url,
      keyPrefix: `test:${randomUUID()}:`,
      commandTimeoutMs: 1000,
      retryAfterMs: 1000,
      logger: createLogger('silent'),
    });
    await new Promise((ready) => store?.client.once('ready', ready));
  });
  afterAll(async () => {
    store?.close();
    await redis?.stop();
  });
  const budget = (count: number, windowMs: number): Budget =>
    createBudget({ kind: 'caller', rate: { count, windowMs }, secret: TEST_SECRET, store });

  test('N uses pass, the next is refused, and a window under a second ends on time', async () => {
    const b = budget(2, 400);
    const who = ['caller', randomUUID()];
    expect((await b.take(who)).remaining).toBe(1);
    expect((await b.take(who)).remaining).toBe(0);
    const refused = await b.take(who);
    expect(refused.allowed).toBe(false);
    expect(refused.resetMs).toBeGreaterThan(0);
    expect(refused.resetMs).toBeLessThanOrEqual(400);
    await delay(refused.resetMs + 20);
    expect((await b.take(who)).allowed).toBe(true);
    expect(b.refused).toBe(1);
  });

  test('a window of 1.5 s lasts 1.5 s, not a whole second', async () => {
    const b = budget(1, 1500);
    const who = ['caller', randomUUID()];
    await b.take(who);
    await delay(1100);
    const still = await b.take(who);
    expect(still.allowed).toBe(false);
    expect(still.resetMs).toBeGreaterThan(100);
    await delay(still.resetMs + 20);
    expect((await b.take(who)).allowed).toBe(true);
  });

  test('keys are structured: callers whose parts join to the same text are apart', async () => {
    const b = budget(1, 60_000);
    const id = randomUUID();
    expect((await b.take(['jwt', `${id}:a`, 'b'])).allowed).toBe(true);
    expect((await b.take(['jwt', id, 'a:b'])).allowed).toBe(true);
  });
});
