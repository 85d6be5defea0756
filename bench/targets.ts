/**
 * The targets the bench reports against, with real clients' requests: each a measured value, its bound and whether
 * the run met it. Pure, so tested apart from the runs.
 */
import type { BenchClient } from './load-requests';

export const S1 = 'S1 hot (size 20)';
export const S2 = 'S2 cold';

/** The real clients whose requests S1 and S2 also run with, and how the report names them. */
export const REAL_CLIENTS: readonly { client: BenchClient; label: string }[] = [
  { client: 'urql', label: 'urql (GET)' },
  { client: 'apollo4', label: 'Apollo Client 4 (POST)' },
];

/** The scenario `scenario` run with `label`'s requests. */
export function withClient(scenario: string, label: string): string {
  return `${scenario}, ${label}`;
}

/** A target's figures in a scenario: its throughput over the baseline's and over the ceiling's, paired by repetition. */
export interface TargetFigures {
  ratio?: number;
  overCeiling?: number;
}

export type Summary = Record<string, Record<string, TargetFigures>>;

export interface TargetResult {
  what: string;
  value: number;
  /** `>=` bounds from below, `<=` from above. */
  comparison: '>=' | '<=';
  bound: number;
  /** False when not met, or not measured (NaN). */
  pass: boolean;
}

function check(
  what: string,
  value: number | undefined,
  comparison: '>=' | '<=',
  bound: number,
): TargetResult {
  const v = value ?? Number.NaN;
  const pass = Number.isFinite(v) && (comparison === '>=' ? v >= bound : v <= bound);
  return { what, value: v, comparison, bound, pass };
}

/**
 * The targets: S1 hot with each real client's request at least 10× the in-run baseline and at least half the
 * node:http ceiling; S2 cold with each at least 1.5× the baseline; the gateway's RSS after the whole bench at most
 * 200 MiB.
 */
export function evaluateTargets(summary: Summary, gatewayRssMiB: number | undefined): TargetResult[] {
  const gateway = (scenario: string) => summary[scenario]?.gateway;
  return [
    ...REAL_CLIENTS.flatMap(({ label }) => {
      const s1 = withClient(S1, label);
      return [
        check(`${s1}: gateway / baseline`, gateway(s1)?.ratio, '>=', 10),
        check(`${s1}: gateway / node:http ceiling`, gateway(s1)?.overCeiling, '>=', 0.5),
      ];
    }),
    ...REAL_CLIENTS.map(({ label }) => {
      const s2 = withClient(S2, label);
      return check(`${s2}: gateway / baseline`, gateway(s2)?.ratio, '>=', 1.5);
    }),
    check('RSS after the whole bench, gateway (MiB)', gatewayRssMiB, '<=', 200),
  ];
}

/** The targets as report lines: value, bound and PASS or FAIL. */
export function formatTargets(results: readonly TargetResult[]): string {
  return results
    .map((r) => {
      const value = Number.isFinite(r.value)
        ? r.value.toFixed(r.comparison === '<=' ? 0 : 2)
        : 'not measured';
      return `- ${r.pass ? 'PASS' : 'FAIL'} ${r.what}: ${value} (target ${r.comparison} ${r.bound})`;
    })
    .join('\n');
}
