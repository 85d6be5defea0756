import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { FINGERPRINT_BYTES, FrequencySketch } from '../../src/execution/frequencySketch';

/** A fingerprint as the sketch's users make them: a hash of the key, so counters are spread evenly. */
const print = (key: string) => createHash('sha256').update(key).digest().subarray(0, FINGERPRINT_BYTES);

test('an estimate is never below the true count, up to the counters ceiling', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }), (sightings) => {
      // Sized for 100 keys: 1,000 additions before a halving, more than the 300 made here.
      const sketch = new FrequencySketch(100);
      const truth = new Map<number, number>();
      for (const key of sightings) {
        sketch.increment(print(`key-${key}`));
        truth.set(key, (truth.get(key) ?? 0) + 1);
      }
      for (const [key, count] of truth) {
        expect(sketch.frequency(print(`key-${key}`))).toBeGreaterThanOrEqual(Math.min(count, 15));
      }
    }),
  );
});

test('keys seen once among many are rarely estimated as seen several times', () => {
  const sketch = new FrequencySketch(1000);
  for (let i = 0; i < 5000; i++) sketch.increment(print(`once-${i}`));
  let overestimated = 0;
  for (let i = 0; i < 5000; i++) if (sketch.frequency(print(`once-${i}`)) >= 3) overestimated++;
  expect(overestimated).toBeLessThan(50);
  expect(sketch.frequency(print('never-seen'))).toBeLessThanOrEqual(1);
});

test('counts saturate at 15', () => {
  const sketch = new FrequencySketch(100);
  for (let i = 0; i < 40; i++) sketch.increment(print('hot'));
  expect(sketch.frequency(print('hot'))).toBe(15);
});

test('every period all counts halve, so old popularity fades', () => {
  const sketch = new FrequencySketch(10); // a period of 100 additions
  for (let i = 0; i < 12; i++) sketch.increment(print('old'));
  expect(sketch.frequency(print('old'))).toBe(12);
  // 88 more additions complete the period.
  for (let i = 0; i < 88; i++) sketch.increment(print(`other-${i}`));
  expect(sketch.frequency(print('old'))).toBe(6);
  // The counter of additions halved too: the next halving comes after another half period.
  for (let i = 0; i < 50; i++) sketch.increment(print(`more-${i}`));
  expect(sketch.frequency(print('old'))).toBe(3);
});

test('memory is bounded by the keys sized for, not by the keys seen', () => {
  const sketch = new FrequencySketch(1000);
  const before = sketch.bytes;
  for (let i = 0; i < 50_000; i++) sketch.increment(print(`k-${i}`));
  expect(sketch.bytes).toBe(before);
  expect(before).toBeLessThanOrEqual(128 * 1000);
});
