/** The bench's summary arithmetic: medians, paired ratios and S4/S1 split by slice. Pure, so tested apart from the runs. */

/** The middle value; with an even count, the lower of the two middle ones (the conservative choice). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number);
}

/** What a repetition's run gives the split: its throughput, and each slice's when it ran interleaved. */
export interface SlicedRun {
  rps: number;
  sliceRps?: number[];
}

/**
 * S4's first slice (which holds its misses) and the mean of its other slices, each over S1's throughput of the same
 * repetition; the medians over the repetitions. Undefined when no repetition ran in more than one slice.
 */
export function s4BySlice(
  s1: readonly SlicedRun[],
  s4: readonly SlicedRun[],
): { first: number; rest: number } | undefined {
  const pairs = s4.flatMap((s, i) => {
    const slices = s.sliceRps ?? [];
    const base = s1[i]?.rps;
    return slices.length > 1 && base ? [{ slices, base }] : [];
  });
  if (pairs.length === 0) return undefined;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    first: median(pairs.map(({ slices, base }) => (slices[0] as number) / base)),
    rest: median(pairs.map(({ slices, base }) => mean(slices.slice(1)) / base)),
  };
}

/**
 * One target's throughput over another's, paired by repetition (runs of the same repetition ran interleaved), then
 * the median: drift between repetitions cancels out. NaN when the other target has no runs.
 */
export function pairedRatio(runs: readonly { rps: number }[], over: readonly { rps: number }[]): number {
  return median(runs.map((s, i) => s.rps / (over[i]?.rps ?? Number.NaN)));
}
