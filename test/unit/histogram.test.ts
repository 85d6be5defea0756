import { AggregatorRegistry, Histogram, Registry } from 'prom-client';
import { LeanHistogram } from '../../src/ops/histogram';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OBSERVATIONS: [string, string, number][] = [
  ['POST', '200', 0.004],
  ['POST', '200', 0.005],
  ['POST', '200', 0.0051],
  ['GET', '304', 0.3],
  ['POST', '200', 12],
  ['POST', '400', 1],
  ['GET', '304', 0],
];

/** The same observations in prom-client's own histogram and in a LeanHistogram, each in its own registry. */
function both() {
  const reference = new Registry();
  const lean = new Registry();
  const h = new Histogram({
    name: 'x_seconds',
    help: 'x',
    labelNames: ['method', 'status'],
    buckets: BOUNDS,
    registers: [reference],
  });
  const l = new LeanHistogram('x_seconds', 'x', ['method', 'status'], BOUNDS, lean);
  for (const [method, status, value] of OBSERVATIONS) {
    h.observe({ method, status }, value);
    l.observe([method, status], value);
  }
  return { reference, lean, h, l };
}

test('exposes exactly what prom-client exposes for the same observations: buckets, +Inf, sum and count per series', async () => {
  const { reference, lean } = both();
  const text = await lean.metrics();
  expect(text).toBe(await reference.metrics());
  expect(text).toContain('x_seconds_bucket{le="0.005",method="POST",status="200"} 2');
  expect(text).toContain('x_seconds_bucket{le="10",method="POST",status="200"} 3');
  expect(text).toContain('x_seconds_bucket{le="+Inf",method="POST",status="200"} 4');
  expect(text).toContain('x_seconds_count{method="GET",status="304"} 2');
});

test('as JSON and aggregated over cluster workers, as prom-client does its own', async () => {
  const { reference, lean } = both();
  expect(await lean.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
  const workers = [await lean.getMetricsAsJSON(), await lean.getMetricsAsJSON()];
  const expected = [await reference.getMetricsAsJSON(), await reference.getMetricsAsJSON()];
  expect(await AggregatorRegistry.aggregate(workers).metrics()).toBe(
    await AggregatorRegistry.aggregate(expected).metrics(),
  );
});

test('a histogram without labels, a reset, and values that are not finite', async () => {
  const registry = new Registry();
  const l = new LeanHistogram('calls', 'c', [], [0, 1, 2], registry);
  l.observe([], 0);
  l.observe([], 3);
  expect(await registry.metrics()).toContain('calls_bucket{le="0"} 1\ncalls_bucket{le="1"} 1');
  expect(await registry.metrics()).toContain('calls_bucket{le="+Inf"} 2\ncalls_sum 3\ncalls_count 2');
  registry.resetMetrics();
  expect(await registry.metrics()).not.toContain('calls_count');
  expect(() => l.observe([], Number.NaN)).toThrow(TypeError);
  expect(() => l.observe(['extra'], 1)).toThrow(TypeError);
});
