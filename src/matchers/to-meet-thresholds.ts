import { matcherHint } from 'jest-matcher-utils';
import { SseStream } from '../client/stream.ts';
import { LoadReport } from '../load/report.ts';
import type { Thresholds } from '../load/threshold-parse.ts';
import { formatThresholdTable } from '../load/threshold-table.ts';
import type { SseMatcherContext } from './context.ts';
import { printValue } from './print.ts';
import { isThenable, type MatcherResult, printReceived } from './receiver.ts';

/**
 * Passes when every threshold holds on a load report, in k6's syntax; the failure prints a table of
 * each threshold, its actual value and ✓/✗. Without `thresholds`, judges the ones given to `load()`.
 *
 * @example
 * await expect(report).toMeetThresholds({ timeToFirstEvent: ['p(95)<300'], errors: ['rate<0.01'] });
 */
export function toMeetThresholds(
  this: SseMatcherContext,
  report: LoadReport,
  thresholds?: Thresholds,
): MatcherResult {
  if (!(report instanceof LoadReport)) {
    throw new TypeError(
      `toMeetThresholds() expects the report from sse.load() or load(); received ${describeReceived(report)}`,
    );
  }
  const results = report.judge(thresholds ?? report.thresholds);
  if (results.length === 0) {
    throw new TypeError(
      "toMeetThresholds() needs thresholds: pass them, as in toMeetThresholds({ timeToFirstEvent: ['p(95)<300'] }), or give them to load(); neither has any.",
    );
  }
  const failed = results.filter((result) => !result.pass).length;
  return {
    pass: failed === 0,
    message: () =>
      [
        matcherHint('toMeetThresholds', 'report', thresholds === undefined ? '' : 'thresholds', {
          isNot: this.isNot ?? false,
          promise: this.promise ?? '',
        }),
        '',
        `Expected: ${this.isNot ? 'some threshold to miss' : 'every threshold to hold'}`,
        `Received: ${failed === 0 ? 'all held' : `${failed} of ${results.length} missed`} (${report.name ?? 'load'}, ${report.metrics.errors.count} runs)`,
        '',
        formatThresholdTable(results),
      ].join('\n'),
  };
}

function describeReceived(received: unknown): string {
  if (received instanceof SseStream) {
    return 'an SseStream — judge one stream with toReceiveFirstEventWithin() or toKeepGapsBelow(), a load with the report sse.load() returns.';
  }
  return isThenable(received) ? printReceived(received) : `${printValue(received)}.`;
}
