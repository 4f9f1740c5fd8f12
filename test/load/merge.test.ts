import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Counter } from '../../src/load/counter.ts';
import { LoadMetrics } from '../../src/load/metrics.ts';
import { Rate } from '../../src/load/rate.ts';
import { evaluateThresholds } from '../../src/load/thresholds.ts';
import { Trend } from '../../src/load/trend.ts';

const QS = [0, 1, 10, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

/** What crossing a process does to a value: JSON text and back. */
function wire<T>(value: { toJSON(): T }): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function trendOf(samples: readonly number[]): Trend {
  const trend = new Trend();
  for (const sample of samples) trend.record(sample);
  return trend;
}

function expectSameTrend(actual: Trend, expected: Trend): void {
  expect(QS.map((q) => actual.p(q))).toEqual(QS.map((q) => expected.p(q)));
  expect([actual.count, actual.min, actual.max, actual.clamped]).toEqual([
    expected.count,
    expected.min,
    expected.max,
    expected.clamped,
  ]);
  if (expected.count > 0) expect(actual.mean).toBeCloseTo(expected.mean, 9);
}

describe('merging trends gives the same numbers as one trend of all samples', () => {
  it('two shards, each sent as JSON, merge into one run (property)', () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 5_000, noNaN: true }),
      fc.double({ min: 0, max: 7_200_000, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.array(value, { maxLength: 200 }), (a, b) => {
        const merged = Trend.fromJSON(wire(trendOf(a))).merge(Trend.fromJSON(wire(trendOf(b))));
        expectSameTrend(merged, trendOf([...a, ...b]));
      }),
      { numRuns: 100 },
    );
  });

  it('a JSON round trip alone changes nothing, empty or not', () => {
    for (const samples of [[], [0], [0.0004, 12.5, 12.5, 99_999.123, 5_000_000]]) {
      const trend = trendOf(samples);
      expectSameTrend(Trend.fromJSON(wire(trend)), trend);
      expect(wire(Trend.fromJSON(wire(trend)))).toEqual(wire(trend));
    }
  });

  it('merging an empty trend changes nothing, merging into one takes everything, merging itself doubles', () => {
    const trend = trendOf([1, 2, 3]);
    expectSameTrend(trendOf([1, 2, 3]).merge(new Trend()), trend);
    expectSameTrend(new Trend().merge(trend), trend);
    const doubled = trendOf([1, 2, 3]);
    expectSameTrend(doubled.merge(doubled), trendOf([1, 2, 3, 1, 2, 3]));
  });

  it('refuses to mix units', () => {
    expect(() => new Trend().merge(new Trend({ unit: 'B' }))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Cannot merge a trend in B into one in ms.]`,
    );
  });
});

describe('Counter and Rate', () => {
  it('count, rate per second, merge and round-trip', () => {
    const bytes = new Counter({ unit: 'B' });
    bytes.add(1000);
    bytes.add();
    const other = Counter.fromJSON(wire(bytes));
    expect([other.count, other.unit, other.rate(2000)]).toEqual([1001, 'B', 500.5]);
    expect(bytes.merge(other).count).toBe(2002);
    expect(() => bytes.add(-1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Counter.add() expects a finite number >= 0; received -1.]`,
    );
    expect(() => bytes.rate(0)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Counter.rate() expects the run's duration in ms, a finite number > 0; received 0.]`,
    );
    expect(() => bytes.merge(new Counter())).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Cannot merge a counter in '' into one in 'B'.]`,
    );
  });

  it('rate is the fraction of true checks', () => {
    const errors = new Rate();
    expect(errors.rate).toBeNaN();
    errors.add(true);
    errors.add(false);
    errors.add(false);
    errors.add(false);
    const other = Rate.fromJSON(wire(errors));
    expect([other.rate, other.passes, other.fails, other.count]).toEqual([0.25, 1, 3, 4]);
    expect(errors.merge(other).rate).toBe(0.25);
    expect(errors.count).toBe(8);
  });
});

/** One load run's metrics, as a runner and a test body would record them. */
function record(metrics: LoadMetrics, runs: readonly number[]): LoadMetrics {
  for (const ms of runs) {
    const n = Math.round(ms * 3);
    metrics.timeToHeaders.record(ms / 4);
    metrics.timeToFirstEvent.record(ms);
    metrics.eventGap.record(ms / 10);
    metrics.streamDuration.record(ms * 20);
    metrics.events.add(10);
    metrics.bytes.add(1024);
    metrics.errors.add(n % 50 === 0);
    metrics.trend('timeToFirstToken').record(ms * 2);
    metrics.counter('tokens').add(n % 7);
    metrics.rate('truncated').add(n % 3 === 0);
  }
  return metrics;
}

describe('LoadMetrics', () => {
  const runs = Array.from({ length: 2000 }, (_, i) => 5 + ((i * 7919) % 1000) / 3);
  const thresholds = {
    timeToFirstEvent: ['p(95)<300', 'p(99.9)<=333', 'max<1000', 'avg<200', 'med<170', 'count>=2000'],
    timeToFirstToken: ['p(99)<700'],
    errors: ['rate<0.05'],
    events: ['count>100', 'rate>1000'],
    tokens: ['count>0'],
    truncated: ['rate<0.5'],
  };

  it('a two-shard run, each shard sent as JSON, merges to the same numbers and verdicts as one run', () => {
    const whole = record(new LoadMetrics(), runs);
    const shards = [runs.slice(0, 700), runs.slice(700)].map((part) => wire(record(new LoadMetrics(), part)));
    const merged = shards.reduce((all, json) => all.merge(LoadMetrics.fromJSON(json)), new LoadMetrics());

    expect(merged.names).toEqual(whole.names);
    for (const name of [
      'timeToHeaders',
      'timeToFirstEvent',
      'eventGap',
      'streamDuration',
      'timeToFirstToken',
    ]) {
      expectSameTrend(merged.trend(name), whole.trend(name));
    }
    const summary = (metrics: LoadMetrics) => wire({ toJSON: () => metrics.summary({ durationMs: 10_000 }) });
    expect(summary(merged)).toEqual(summary(whole));
    const verdicts = (metrics: LoadMetrics) =>
      evaluateThresholds(metrics, thresholds, { durationMs: 10_000 }).map(({ value, pass }) => ({
        value,
        pass,
      }));
    expect(verdicts(merged)).toEqual(verdicts(whole));
  });

  it('summarises every metric, built-ins first', () => {
    const metrics = new LoadMetrics();
    metrics.timeToFirstEvent.record(42);
    metrics.events.add(3);
    metrics.rate('truncated').add(false);
    const summary = metrics.summary({ durationMs: 1500 });
    expect(Object.keys(summary)).toEqual([
      'timeToHeaders',
      'timeToFirstEvent',
      'eventGap',
      'streamDuration',
      'events',
      'bytes',
      'errors',
      'truncated',
    ]);
    const { timeToHeaders, timeToFirstEvent, events, bytes, errors, truncated } = summary;
    expect({ timeToHeaders, timeToFirstEvent, events, bytes, errors, truncated }).toMatchInlineSnapshot(`
      {
        "bytes": {
          "count": 0,
          "rate": 0,
          "type": "counter",
          "unit": "B",
        },
        "errors": {
          "count": 0,
          "fails": 0,
          "passes": 0,
          "rate": NaN,
          "type": "rate",
        },
        "events": {
          "count": 3,
          "rate": 2,
          "type": "counter",
          "unit": "",
        },
        "timeToFirstEvent": {
          "clamped": 0,
          "count": 1,
          "max": 42,
          "mean": 42,
          "min": 42,
          "p50": 42,
          "p90": 42,
          "p95": 42,
          "p99": 42,
          "p999": 42,
          "type": "trend",
          "unit": "ms",
        },
        "timeToHeaders": {
          "clamped": 0,
          "count": 0,
          "max": NaN,
          "mean": NaN,
          "min": NaN,
          "p50": NaN,
          "p90": NaN,
          "p95": NaN,
          "p99": NaN,
          "p999": NaN,
          "type": "trend",
          "unit": "ms",
        },
        "truncated": {
          "count": 1,
          "fails": 1,
          "passes": 0,
          "rate": 0,
          "type": "rate",
        },
      }
    `);
  });

  it('refuses a name already taken by another kind or unit', () => {
    const metrics = new LoadMetrics();
    expect(metrics.trend('timeToFirstEvent')).toBe(metrics.timeToFirstEvent);
    expect(() => metrics.trend('events')).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: The metric events is a counter, not a trend.]`,
    );
    expect(() => metrics.counter('bytes', { unit: 'KiB' })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: The metric bytes is a counter in B, not a counter in KiB.]`,
    );
    expect(() => metrics.trend('')).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: A metric name must be a non-empty string.]`,
    );
  });

  it('says what is wrong with JSON that did not come from toJSON()', () => {
    expect(() => LoadMetrics.fromJSON({} as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: LoadMetrics.fromJSON() expects { metrics: { [name]: metric } } from toJSON().]`,
    );
    const json = wire(new LoadMetrics());
    expect(() =>
      LoadMetrics.fromJSON({ metrics: { ...json.metrics, x: { type: 'gauge' } } } as never),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: The metric x has type gauge in its JSON; expected trend, counter or rate.]`,
    );
    const trend = wire(trendOf([1, 2]));
    expect(() => Trend.fromJSON({ ...trend, count: 3 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Trend.fromJSON(): the histogram holds 2 samples but count is 3.]`,
    );
    expect(() => Trend.fromJSON({ ...trend, histogram: 'not base64' })).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringMatching(/^Trend\.fromJSON\(\) could not decode the histogram: /),
        cause: expect.anything(),
      }),
    );
    expect(() => Trend.fromJSON({ ...trend, min: null })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Trend.fromJSON(): min and max are null but count is 2.]`,
    );
    expect(() =>
      Counter.fromJSON({ type: 'counter', unit: '', count: -1 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Counter.fromJSON() expects count to be a finite number >= 0; received -1.]`,
    );
  });
});
