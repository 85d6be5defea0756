/**
 * `compute` remembered for the most recent distinct string keys, for values that are cheap to keep and costly to
 * make on every request (a hash, an encoding). Bounded by a plain reset rather than LRU order: a real workload
 * repeats few keys, and a flood of distinct ones only starts the memo afresh.
 */
export function boundedMemo<V>(max: number, compute: (key: string) => V): (key: string) => V {
  const values = new Map<string, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      if (values.size >= max) values.clear();
      value = compute(key);
      values.set(key, value);
    }
    return value;
  };
}
