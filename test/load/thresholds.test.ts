import { describe, expect, it } from 'vitest';
import { SseError } from '../../src/errors/sse-error.ts';
import { formatValue } from '../../src/load/format.ts';
import { LoadMetrics } from '../../src/load/metrics.ts';
import { parseThresholds, type Thresholds } from '../../src/load/threshold-parse.ts';
import { formatThresholdTable } from '../../src/load/threshold-table.ts';
import { evaluateThresholds } from '../../src/load/thresholds.ts';

/** 1,000 streams: time to first event 1 … 1000 ms (as 0.3 … 300 ms), 10 failed runs of 1,000. */
function run(): LoadMetrics {
  const metrics = new LoadMetrics();
  for (let i = 1; i <= 1000; i++) {
    metrics.timeToFirstEvent.record(i * 0.3);
    metrics.events.add(5);
    metrics.bytes.add(200);
    metrics.errors.add(i % 100 === 0);
  }
  metrics.trend('timeToFirstToken');
  return metrics;
}

function verdicts(thresholds: Thresholds): string[] {
  const results = evaluateThresholds(run(), thresholds, { durationMs: 10_000 });
  return results.map((result) => `${result.expression} ${result.pass ? 'passes' : 'fails'}`);
}

function failure(thresholds: Thresholds, durationMs?: number): SseError {
  try {
    evaluateThresholds(run(), thresholds, durationMs === undefined ? {} : { durationMs });
  } catch (error) {
    expect(error).toBeInstanceOf(SseError);
    expect((error as SseError).type).toBe('invalid-option');
    return error as SseError;
  }
  throw new Error('expected evaluateThresholds() to throw');
}

describe('parseThresholds', () => {
  it("reads both of k6's forms, spaces and decimal percentiles", () => {
    const parsed = parseThresholds({
      timeToFirstEvent: [
        ' p( 99.9 ) <= 300.5 ',
        { threshold: 'max<1e3', abortOnFail: true, delayAbortEval: '10s' },
      ],
      errors: ['rate!=0'],
    });
    expect(parsed).toEqual([
      {
        metric: 'timeToFirstEvent',
        expression: 'p( 99.9 ) <= 300.5',
        aggregation: 'p',
        percentile: 99.9,
        operator: '<=',
        target: 300.5,
        abortOnFail: false,
        delayAbortEval: undefined,
      },
      expect.objectContaining({
        aggregation: 'max',
        operator: '<',
        target: 1000,
        abortOnFail: true,
        delayAbortEval: '10s',
      }),
      expect.objectContaining({
        metric: 'errors',
        aggregation: 'rate',
        percentile: undefined,
        operator: '!=',
        target: 0,
      }),
    ]);
  });
});

describe('evaluateThresholds', () => {
  it('judges every aggregation of a trend, both ways', () => {
    const thresholds = ['p(95)<300', 'p(95)>300', 'p(99.9)<=300', 'avg<150.2', 'avg>150.2', 'med<=150.1'];
    expect(verdicts({ timeToFirstEvent: thresholds })).toEqual([
      'p(95)<300 passes',
      'p(95)>300 fails',
      'p(99.9)<=300 passes',
      'avg<150.2 passes',
      'avg>150.2 fails',
      'med<=150.1 passes',
    ]);
    const exact = ['min==0.3', 'min===0.3', 'min!=0.3', 'max>=300', 'count==1000', 'count<1000'];
    expect(verdicts({ timeToFirstEvent: exact })).toEqual([
      'min==0.3 passes',
      'min===0.3 passes',
      'min!=0.3 fails',
      'max>=300 passes',
      'count==1000 passes',
      'count<1000 fails',
    ]);
  });

  it('judges counters (count, and rate per second over the duration) and rates', () => {
    const thresholds = {
      events: ['count>100', 'rate>=500', 'rate>500'],
      bytes: ['rate==20000'],
      errors: ['rate<0.01', 'rate<=0.01'],
    };
    expect(verdicts(thresholds)).toEqual([
      'count>100 passes',
      'rate>=500 passes',
      'rate>500 fails',
      'rate==20000 passes',
      'rate<0.01 fails',
      'rate<=0.01 passes',
    ]);
  });

  it('fails every threshold but count on a metric with no samples', () => {
    const thresholds = { timeToFirstToken: ['p(95)<300', 'max!=5', 'count==0'], timeToHeaders: ['avg>=0'] };
    expect(verdicts(thresholds)).toEqual([
      'p(95)<300 fails',
      'max!=5 fails',
      'count==0 passes',
      'avg>=0 fails',
    ]);
  });

  it('reports the value and its unit', () => {
    const [first, second, third] = evaluateThresholds(
      run(),
      { timeToFirstEvent: ['p(95)<300'], bytes: ['rate>0'], errors: ['rate<0.01'] },
      { durationMs: 10_000 },
    );
    expect([first?.value, first?.unit, second?.value, second?.unit, third?.value, third?.unit]).toEqual([
      285.183,
      'ms',
      20_000,
      'B/s',
      0.01,
      '',
    ]);
  });
});

describe('threshold errors name the expression and what is allowed', () => {
  it('an unknown metric', () => {
    expect(failure({ timeToFirstByte: ['p(95)<300'] }).message).toMatchInlineSnapshot(
      `"Threshold 'p(95)<300' names an unknown metric timeToFirstByte. Known metrics: timeToHeaders, timeToFirstEvent, eventGap, streamDuration, events, bytes, errors, timeToFirstToken (a custom metric exists once the test body records it)."`,
    );
  });

  it('an aggregation the metric does not have', () => {
    expect(failure({ errors: ['p(95)<0.01'] }).message).toMatchInlineSnapshot(
      `"Threshold 'p(95)<0.01' on errors: a rate has no percentiles; it allows only rate (from 0 to 1)."`,
    );
    expect(failure({ events: ['avg>1'] }).message).toMatchInlineSnapshot(
      `"Threshold 'avg>1' on events: a counter has no avg; it allows count and rate (per second)."`,
    );
  });

  it('a counter rate without the run duration', () => {
    expect(failure({ events: ['rate>1'] }).message).toMatchInlineSnapshot(
      `"Threshold 'rate>1' on events needs the run's duration (durationMs)."`,
    );
  });

  it('syntax', () => {
    expect(failure({ timeToFirstEvent: ['p95<300'] }).message).toMatchInlineSnapshot(
      `"Threshold 'p95<300' on timeToFirstEvent has an unknown aggregation 'p95'. Write <aggregation><operator><number>, such as 'p(95)<300'. Trends allow avg, min, max, med, count and p(N) with N from 0 to 100 (such as p(99.9)); counters allow count and rate (per second); rates allow only rate (from 0 to 1). Operators: <, <=, >, >=, ==, ===, !=."`,
    );
    for (const [expression, problem] of [
      ['p(95)=300', 'has no comparison operator.'],
      ['<300', 'has no aggregation.'],
      ['p(95)<', 'has no number to compare with.'],
      ['p(95)<300ms', "compares with '300ms', which is not a number."],
      ['p(101)<300', 'asks for a percentile above 100.'],
      ['P(95)<300', "has an unknown aggregation 'P(95)'."],
    ]) {
      expect(failure({ timeToFirstEvent: [expression as string] }).message).toContain(
        `'${expression}' on timeToFirstEvent ${problem}`,
      );
    }
  });

  it('the wrong shape', () => {
    expect(failure({ errors: 'rate<0.01' } as never).message).toMatchInlineSnapshot(
      `"Thresholds for errors must be an array of expressions, such as ['p(95)<300']."`,
    );
    expect(failure({ errors: [{ abortOnFail: true }] } as never).message).toMatchInlineSnapshot(
      `"A threshold on errors must be a string such as 'p(95)<300' or { threshold: 'p(95)<300', abortOnFail: true }; received undefined."`,
    );
  });
});

describe('formatThresholdTable', () => {
  it('lays out metric, threshold, actual value with unit, and ✓ or ✗', () => {
    const metrics = run();
    metrics.timeToHeaders.record(299.99);
    const results = evaluateThresholds(
      metrics,
      {
        timeToFirstEvent: ['p(95)<300', 'p(99)<250', 'max<1000'],
        timeToHeaders: ['p(95)<300'],
        timeToFirstToken: ['p(95)<500'],
        errors: ['rate<0.01'],
        events: ['count>100', 'rate>1000'],
        bytes: ['rate>0'],
      },
      { durationMs: 10_000 },
    );
    expect(`\n${formatThresholdTable(results)}\n`).toMatchInlineSnapshot(`
      "
      metric            threshold  actual
      timeToFirstEvent  p(95)<300  285.2 ms    ✓
      timeToFirstEvent  p(99)<250  297.2 ms    ✗
      timeToFirstEvent  max<1000   300 ms      ✓
      timeToHeaders     p(95)<300  299.99 ms   ✓
      timeToFirstToken  p(95)<500  no samples  ✗
      errors            rate<0.01  0.01        ✗
      events            count>100  5000        ✓
      events            rate>1000  500/s       ✗
      bytes             rate>0     20000 B/s   ✓
      "
    `);
  });

  it('says when there is nothing to show', () => {
    expect(formatThresholdTable([])).toBe('(no thresholds)');
  });
});

describe('formatValue', () => {
  it('keeps 4 significant digits and every integer digit, and adds digits rather than read as the target', () => {
    expect([
      formatValue(312.4171, 'ms'),
      formatValue(0.00451234),
      formatValue(1_234_567.8, 'B'),
      formatValue(12.5, '/s'),
      formatValue(299.99, 'ms'),
      formatValue(299.99, 'ms', 300),
      formatValue(300, 'ms', 300),
      formatValue(Number.NaN, 'ms'),
    ]).toEqual([
      '312.4 ms',
      '0.004512',
      '1234568 B',
      '12.5/s',
      '300 ms',
      '299.99 ms',
      '300 ms',
      'no samples',
    ]);
  });
});
