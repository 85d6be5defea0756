import { median, pairedRatio, s4BySlice } from '../../bench/ratios';

test('the median of an even count is the lower middle value', () => {
  expect(median([3, 1, 4, 2])).toBe(2);
  expect(median([5, 1, 3])).toBe(3);
  expect(median([])).toBeNaN();
});

test("S4 by slice: its first slice and the mean of the others, over S1's run, medians over repetitions", () => {
  const s1 = [{ rps: 1000 }, { rps: 2000 }, { rps: 1000 }];
  const s4 = [
    { rps: 900, sliceRps: [600, 1000, 1100, 900] },
    { rps: 1800, sliceRps: [1400, 2000, 2000, 2000] },
    { rps: 950, sliceRps: [800, 1000, 1000, 1000] },
  ];
  // First slices over S1: 0.6, 0.7, 0.8; the others' means over S1: 1.0, 1.0, 1.0.
  expect(s4BySlice(s1, s4)).toEqual({ first: 0.7, rest: 1 });
});

test('no split without slices, or without an S1 run to compare with', () => {
  expect(s4BySlice([{ rps: 1000 }], [{ rps: 900 }])).toBeUndefined();
  expect(s4BySlice([{ rps: 1000 }], [{ rps: 900, sliceRps: [900] }])).toBeUndefined();
  expect(s4BySlice([], [{ rps: 900, sliceRps: [600, 1000] }])).toBeUndefined();
});

test('a paired ratio is the median of the per-repetition ratios, not the ratio of the medians', () => {
  const gateway = [{ rps: 1000 }, { rps: 3000 }, { rps: 2000 }];
  const baseline = [{ rps: 100 }, { rps: 1000 }, { rps: 100 }];
  // Per repetition 10, 3 and 20: the median is 10 (the medians' ratio would be 2000 / 100 = 20).
  expect(pairedRatio(gateway, baseline)).toBe(10);
  expect(pairedRatio(gateway, [])).toBeNaN();
});
