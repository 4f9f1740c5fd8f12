import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trend } from '../../src/load/trend.ts';

/** Percentiles to check, in hundredths so that the exact rank is integer arithmetic. */
const QS = [0, 0.01, 0.1, 1, 5, 10, 25, 33.33, 50, 66.67, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

/** The exact nearest-rank percentile: the sample at rank ceil(q/100 * N) of the sorted samples (at least 1). */
function exactPercentile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil((Math.round(q * 100) * sorted.length) / 10_000));
  return sorted[rank - 1] as number;
}

function trendOf(samples: readonly number[]): Trend {
  const trend = new Trend();
  for (const sample of samples) trend.record(sample);
  return trend;
}

/**
 * 3 significant digits: within 1/1000 of the exact value, or 1 µs for values under 1 ms (the
 * histogram's unit). The histogram answers with the top of the sample's bucket, so it is never
 * below the exact value by more than the rounding to whole microseconds.
 */
function expectAgreement(samples: readonly number[], qs: readonly number[] = QS): void {
  const trend = trendOf(samples);
  const sorted = [...samples].sort((a, b) => a - b);
  for (const q of qs) {
    const exact = exactPercentile(sorted, q);
    const got = trend.p(q);
    const context = `p(${q}) of ${samples.length} samples: got ${got}, exact ${exact}`;
    expect(Math.abs(got - exact), context).toBeLessThanOrEqual(Math.max(exact * 1e-3, 0.001));
    expect(got, context).toBeGreaterThanOrEqual(exact - 0.0005);
  }
  expect(trend.count).toBe(samples.length);
  expect(trend.min).toBe(sorted[0]);
  expect(trend.max).toBe(sorted.at(-1));
  expect(trend.mean).toBeCloseTo(samples.reduce((sum, x) => sum + x, 0) / samples.length, 9);
}

/** A small seeded generator (mulberry32), so that the distributions are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function draw(n: number, seed: number, sample: (u: number) => number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => sample(next()));
}

describe('Trend percentiles agree with an exact nearest-rank computation', () => {
  it('uniform from 0 to 1 s', () => expectAgreement(draw(10_000, 1, (u) => u * 1000)));

  it('long-tailed (Pareto, shape 1.2): most under 10 ms, a tail into minutes', () => {
    expectAgreement(draw(10_000, 2, (u) => Math.min(2 / (1 - u) ** (1 / 1.2), 3_600_000)));
  });

  it('log-uniform over the whole range, 1 µs to 1 h', () => {
    expectAgreement(draw(5_000, 3, (u) => 0.001 * 3_600_000_000 ** u));
  });

  it('whole milliseconds with many ties', () => expectAgreement(draw(5_000, 4, (u) => Math.floor(u * 20))));

  it('constant: every percentile is the value itself', () => {
    const trend = trendOf(Array(1000).fill(42.4242));
    for (const q of QS) expect(trend.p(q)).toBe(42.4242);
    expect([trend.min, trend.mean, trend.max]).toEqual([42.4242, 42.4242, 42.4242]);
  });

  it('tiny values under and around 1 µs, zeros included', () => {
    expectAgreement([0, 0, ...draw(1_000, 5, (u) => u * 0.003)]);
  });

  it('huge values from 30 min to 1 h', () =>
    expectAgreement(draw(1_000, 6, (u) => 1_800_000 + u * 1_800_000)));

  it('a single sample: every percentile is that sample, exactly', () => {
    const trend = trendOf([123.4567]);
    for (const q of QS) expect(trend.p(q)).toBe(123.4567);
    expect([trend.min, trend.mean, trend.max, trend.count]).toEqual([123.4567, 123.4567, 123.4567, 1]);
  });

  it('any samples and any percentile (property)', () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 5_000, noNaN: true }),
      fc.double({ min: 0, max: 3_600_000, noNaN: true }),
      fc.integer({ min: 0, max: 100 }),
    );
    const q = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.array(q, { maxLength: 8 }),
        (samples, qs) => {
          expectAgreement(samples, [...qs, 50, 95, 99.9]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('Trend', () => {
  it('names the benchmark percentiles', () => {
    const trend = trendOf(Array.from({ length: 1000 }, (_, i) => i + 1));
    const named = [trend.p50, trend.p75, trend.p90, trend.p95, trend.p99, trend.p999];
    expect(named).toEqual([50, 75, 90, 95, 99, 99.9].map((q) => trend.p(q)));
    // 3 significant digits, rounded up to the top of the bucket: 500.223 for the exact 500.
    expect(named).toEqual([500, 750, 900, 950, 990, 999].map((exact) => expect.closeTo(exact, 0)));
  });

  it('has no statistics but count when empty', () => {
    const trend = new Trend();
    expect([trend.p(50), trend.p95, trend.min, trend.max, trend.mean]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    expect(trend.count).toBe(0);
  });

  it('clamps samples above 1 h in percentiles and counts them, keeping min, max and mean exact', () => {
    const trend = trendOf([10, 7_200_000]);
    expect(trend.clamped).toBe(1);
    expect(trend.max).toBe(7_200_000);
    expect(trend.mean).toBe(3_600_005);
    expect(trend.p(99)).toBeGreaterThanOrEqual(3_600_000);
    expect(trend.p(99)).toBeLessThan(3_600_000 * 1.001);
    expect(trend.p(100)).toBe(7_200_000);
  });

  it('does not count samples under 1 µs as clamped', () => {
    const trend = trendOf([0, 0.0001]);
    expect([trend.clamped, trend.min, trend.max, trend.p50]).toEqual([0, 0, 0.0001, 0.0001]);
  });

  it('rejects samples and percentiles it cannot place', () => {
    const trend = new Trend();
    expect(() => trend.record(-1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Trend.record() expects a finite number >= 0 (ms); received -1.]`,
    );
    expect(() => trend.record(Number.NaN)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Trend.record() expects a finite number >= 0 (ms); received NaN.]`,
    );
    expect(() => trend.record(Number.POSITIVE_INFINITY)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Trend.record() expects a finite number >= 0 (ms); received Infinity.]`,
    );
    expect(() => trend.p(101)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Trend.p() expects a percentile from 0 to 100, such as 95 or 99.9; received 101.]`,
    );
    expect(() => trend.p(Number.NaN)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Trend.p() expects a percentile from 0 to 100, such as 95 or 99.9; received NaN.]`,
    );
    expect(trend.count).toBe(0);
  });
});
