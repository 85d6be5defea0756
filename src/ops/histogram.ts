import type { Registry } from 'prom-client';

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative); the last slot is past the highest bound (`+Inf` only). */
  readonly counts: number[];
  sum: number;
  count: number;
}

type Level = Map<string, Level | Series>;

/** One sample of the exposition, as prom-client's own metrics give it (`get()`). */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
  /** prom-client's buckets carry one (none here). */
  exemplar?: null;
}

/**
 * A Prometheus histogram for the request path. An observation is a lookup by label values (nested maps of strings
 * the process already holds) and two increments; prom-client's own validates its labels object, hashes it into a
 * string and looks each bucket up by its bound's decimal text on every call, work that every request would pay
 * for in each of the gateway's histograms. It registers itself in a prom-client registry, which exposes it, resets it and (in a
 * cluster) aggregates it exactly like one of prom-client's histograms: same names, labels and `le` buckets.
 */
export class LeanHistogram<L extends string = never> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private root: Level = new Map();
  private all: Series[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    // A prom-client registry takes any object that has a name and answers `get()` (and `reset()`).
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** Count `value` under these label values, given in the order of `labelNames`. */
  observe(values: readonly string[], value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: not a finite value: ${value}`);
    const series = this.seriesOf(values);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (series.counts[i] as number)++;
    series.sum += value;
    series.count++;
  }

  reset(): void {
    this.root = new Map();
    this.all = [];
  }

  /** The samples prom-client writes out: cumulative `_bucket`s with their `le`, then `_sum` and `_count`. */
  get(): { name: string; help: string; type: string; aggregator: string; values: Sample[] } {
    const values: Sample[] = [];
    for (const series of this.all) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i] as number;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: bound, ...series.labels },
          value: cumulative,
          exemplar: null,
        });
      });
      values.push(
        {
          metricName: `${this.name}_bucket`,
          labels: { le: '+Inf', ...series.labels },
          value: series.count,
          exemplar: null,
        },
        { metricName: `${this.name}_sum`, labels: { ...series.labels }, value: series.sum },
        { metricName: `${this.name}_count`, labels: { ...series.labels }, value: series.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  private seriesOf(values: readonly string[]): Series {
    const names = this.labelNames;
    if (values.length !== names.length)
      throw new TypeError(`${this.name}: ${names.length} label values expected, got ${values.length}`);
    let level = this.root;
    for (let i = 0; i < names.length - 1; i++) {
      const value = values[i] as string;
      let next = level.get(value) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const last = names.length === 0 ? '' : (values[names.length - 1] as string);
    let series = level.get(last) as Series | undefined;
    if (series === undefined) {
      const labels: Record<string, string> = {};
      names.forEach((name, i) => {
        labels[name] = values[i] as string;
      });
      series = { labels, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
      level.set(last, series);
      this.all.push(series);
    }
    return series;
  }
}
