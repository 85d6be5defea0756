import { evaluateTargets, formatTargets, REAL_CLIENTS, S1, S2, withClient } from '../../bench/targets';

const [urql, apollo] = REAL_CLIENTS.map((c) => c.label) as [string, string];

/** A summary where every client scenario measured the given figures. */
function summary(s1: { ratio: number; overCeiling: number }, s2: number) {
  return Object.fromEntries(
    [urql, apollo].flatMap((label) => [
      [withClient(S1, label), { gateway: s1, baseline: { ratio: 1 } }],
      [withClient(S2, label), { gateway: { ratio: s2 }, baseline: { ratio: 1 } }],
    ]),
  );
}

test('each real client is held to 10x the baseline and half the ceiling in S1, 1.5x in S2; RSS to 200 MiB', () => {
  const results = evaluateTargets(summary({ ratio: 10, overCeiling: 0.5 }, 1.5), 200);
  expect(results.map((r) => [r.what, r.comparison, r.bound, r.pass])).toEqual([
    [`${withClient(S1, urql)}: gateway / baseline`, '>=', 10, true],
    [`${withClient(S1, urql)}: gateway / node:http ceiling`, '>=', 0.5, true],
    [`${withClient(S1, apollo)}: gateway / baseline`, '>=', 10, true],
    [`${withClient(S1, apollo)}: gateway / node:http ceiling`, '>=', 0.5, true],
    [`${withClient(S2, urql)}: gateway / baseline`, '>=', 1.5, true],
    [`${withClient(S2, apollo)}: gateway / baseline`, '>=', 1.5, true],
    ['RSS after the whole bench, gateway (MiB)', '<=', 200, true],
  ]);
});

test('a target just short of its bound fails, and one not measured fails too', () => {
  const short = evaluateTargets(summary({ ratio: 9.99, overCeiling: 0.49 }, 1.49), 200.5);
  expect(short.every((r) => !r.pass)).toBe(true);
  const missing = evaluateTargets({}, undefined);
  expect(missing.every((r) => !r.pass && Number.isNaN(r.value))).toBe(true);
});

test('the report names each target with its value, bound and verdict', () => {
  const results = evaluateTargets(summary({ ratio: 12.345, overCeiling: 0.3 }, 1.6), 150.4);
  const lines = formatTargets(results).split('\n');
  expect(lines[0]).toBe(`- PASS ${withClient(S1, urql)}: gateway / baseline: 12.35 (target >= 10)`);
  expect(lines[1]).toBe(`- FAIL ${withClient(S1, urql)}: gateway / node:http ceiling: 0.30 (target >= 0.5)`);
  expect(lines[6]).toBe('- PASS RSS after the whole bench, gateway (MiB): 150 (target <= 200)');
  expect(formatTargets(evaluateTargets({}, undefined)).split('\n')[0]).toContain('not measured');
});
