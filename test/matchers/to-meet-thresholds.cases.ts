import { LoadMetrics } from '../../src/load/metrics.ts';
import { LoadReport } from '../../src/load/report.ts';
import type { Thresholds } from '../../src/load/threshold-parse.ts';
import type { MatcherCase } from './harness.ts';

// toMeetThresholds() looks at a LoadReport, not at the stream the harness opens: each case builds a
// report of known samples (so the pinned tables hold exact values) and ignores the stream, except
// the misuse case that hands the stream itself to the matcher.

/** A report of 100 runs whose time to first event is 1, 2, … 100 ms; the first `failed` runs failed. */
function chatReport(options: { failed?: number; thresholds?: Thresholds } = {}): LoadReport {
  const metrics = new LoadMetrics();
  for (let ms = 1; ms <= 100; ms++) {
    metrics.timeToFirstEvent.record(ms);
    metrics.errors.add(ms <= (options.failed ?? 0));
  }
  metrics.events.add(400);
  return new LoadReport({
    name: 'chat',
    metrics,
    series: [],
    durationMs: 2_000,
    thresholds: options.thresholds,
  });
}

const quiet = { serve: () => {} };

export const cases: MatcherCase[] = [
  {
    name: 'toMeetThresholds passes when every threshold holds',
    ...quiet,
    assert: (expect) =>
      expect(chatReport()).toMeetThresholds({
        timeToFirstEvent: ['p(95)<300', 'max<=100'],
        errors: ['rate<0.01'],
        events: ['count==400', 'rate>=200'],
      }),
  },
  {
    name: 'toMeetThresholds fails with a table of each threshold, its value and verdict',
    ...quiet,
    assert: (expect) =>
      expect(chatReport({ failed: 2 })).toMeetThresholds({
        timeToFirstEvent: ['p(95)<95', 'p(50)<60'],
        errors: ['rate<0.01'],
        events: ['rate>200'],
      }),
    fails: `expect(report).toMeetThresholds(thresholds)

Expected: every threshold to hold
Received: 3 of 4 missed (chat, 100 runs)

metric            threshold  actual
timeToFirstEvent  p(95)<95   95.04 ms  ✗
timeToFirstEvent  p(50)<60   50.02 ms  ✓
errors            rate<0.01  0.02      ✗
events            rate>200   200/s     ✗`,
  },
  {
    name: 'toMeetThresholds without arguments judges the thresholds given to load()',
    ...quiet,
    assert: (expect) =>
      expect(chatReport({ failed: 1, thresholds: { errors: ['rate<0.01'] } })).toMeetThresholds(),
    fails: `expect(report).toMeetThresholds()

Expected: every threshold to hold
Received: 1 of 1 missed (chat, 100 runs)

metric  threshold  actual
errors  rate<0.01  0.01    ✗`,
  },
  {
    name: '.not.toMeetThresholds passes when a threshold misses',
    ...quiet,
    assert: (expect) => expect(chatReport()).not.toMeetThresholds({ timeToFirstEvent: ['p(99)<10'] }),
  },
  {
    name: '.not.toMeetThresholds fails when every threshold holds',
    ...quiet,
    assert: (expect) => expect(chatReport()).not.toMeetThresholds({ timeToFirstEvent: ['p(99)<1000'] }),
    fails: `expect(report).not.toMeetThresholds(thresholds)

Expected: some threshold to miss
Received: all held (chat, 100 runs)

metric            threshold   actual
timeToFirstEvent  p(99)<1000  99.01 ms  ✓`,
  },
  {
    name: 'toMeetThresholds on a stream says it wants the report of sse.load()',
    ...quiet,
    assert: (expect, stream) => expect(stream).toMeetThresholds({ errors: ['rate<0.01'] }),
    fails:
      'toMeetThresholds() expects the report from sse.load() or load(); received an SseStream — judge one stream with toReceiveFirstEventWithin() or toKeepGapsBelow(), a load with the report sse.load() returns.',
  },
  {
    name: 'toMeetThresholds on a Promise asks whether an await is missing',
    ...quiet,
    assert: (expect) => expect(Promise.resolve(chatReport())).toMeetThresholds({ errors: ['rate<0.01'] }),
    fails:
      'toMeetThresholds() expects the report from sse.load() or load(); received a Promise — did you forget await?',
  },
  {
    name: 'toMeetThresholds without thresholds, here or in load(), says so',
    ...quiet,
    assert: (expect) => expect(chatReport()).toMeetThresholds(),
    fails:
      "toMeetThresholds() needs thresholds: pass them, as in toMeetThresholds({ timeToFirstEvent: ['p(95)<300'] }), or give them to load(); neither has any.",
  },
  {
    name: 'toMeetThresholds names an unknown metric and the known ones',
    ...quiet,
    assert: (expect) => expect(chatReport()).toMeetThresholds({ timeToFirstToken: ['p(95)<300'] }),
    fails:
      "Threshold 'p(95)<300' names an unknown metric timeToFirstToken. Known metrics: timeToHeaders, timeToFirstEvent, eventGap, streamDuration, events, bytes, errors (a custom metric exists once the test body records it).",
  },
];
