import { fullJitterDelay } from '../../src/resilience/backoff';
import { RetryBudget } from '../../src/resilience/retryBudget';

test('full jitter draws from [0, base·2^(n-1)), capped at the maximum', () => {
  expect(fullJitterDelay(1, 100, 2000, () => 0)).toBe(0);
  expect(fullJitterDelay(1, 100, 2000, () => 0.999)).toBe(99);
  expect(fullJitterDelay(2, 100, 2000, () => 0.5)).toBe(100);
  expect(fullJitterDelay(3, 100, 2000, () => 0.999)).toBe(399);
  expect(fullJitterDelay(10, 100, 2000, () => 0.999)).toBe(1998);
});

test('full jitter spreads retries: many draws are not all the same', () => {
  const draws = new Set(Array.from({ length: 50 }, () => fullJitterDelay(2, 100, 2000)));
  expect(draws.size).toBeGreaterThan(10);
  for (const d of draws) {
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThan(200);
  }
});

test('the retry budget spends its reserve, then allows only the earned share of calls', () => {
  const budget = new RetryBudget(0.2, 2);
  expect(budget.tryWithdraw()).toBe(true);
  expect(budget.tryWithdraw()).toBe(true);
  expect(budget.tryWithdraw()).toBe(false);
  let granted = 0;
  for (let call = 0; call < 100; call += 1) {
    budget.deposit();
    if (budget.tryWithdraw()) granted += 1;
  }
  expect(granted).toBe(20);
});

test('the retry budget saves up no more than its reserve', () => {
  const budget = new RetryBudget(0.5, 3);
  for (let call = 0; call < 100; call += 1) budget.deposit();
  expect(budget.available()).toBe(3);
});

test('a budget without reserve still earns whole retries from its share', () => {
  const budget = new RetryBudget(0.5, 0);
  expect(budget.tryWithdraw()).toBe(false);
  budget.deposit();
  budget.deposit();
  expect(budget.tryWithdraw()).toBe(true);
});
