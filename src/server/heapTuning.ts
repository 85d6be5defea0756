import { setFlagsFromString } from 'node:v8';

const PRETENURING_FLAG = /^--(no-)?allocation[-_]site[-_]pretenuring$/;

export interface HeapTuning {
  /** Whether V8's allocation-site pretenuring is on from now on. */
  allocationSitePretenuring: boolean;
  /** Who decided it: the gateway, or a flag given to `node`. */
  decidedBy: 'gateway' | 'command line';
}

/**
 * Turns V8's allocation-site pretenuring off, unless the command line sets it either way.
 *
 * Pretenuring makes V8 allocate an allocation site's objects straight in the old generation once most of them
 * survive a scavenge. A server under a sudden load trips it: its first requests are slow (nothing is compiled
 * yet), and their objects are still in flight when the first scavenges run. From then on every request's objects
 * from those sites go to the old generation, and V8 stops counting their survival, so it never reverses the
 * decision. Short-lived objects then fill the old generation: scavenges copy more, full collections come often,
 * and the resident memory depends on when the last one ran. Misses cost the same either way (the figures are in
 * `docs/performance.md`). The flag is read at each scavenge, so setting it at start-up, before any load, is
 * enough. Of several flags on the command line, the last counts, as with V8.
 */
export function tuneHeap(execArgv: readonly string[]): HeapTuning {
  const given = execArgv.filter((arg) => PRETENURING_FLAG.test(arg)).at(-1);
  if (given !== undefined)
    return { allocationSitePretenuring: !given.startsWith('--no-'), decidedBy: 'command line' };
  setFlagsFromString('--no-allocation-site-pretenuring');
  return { allocationSitePretenuring: false, decidedBy: 'gateway' };
}
