import { SseError } from './sse-error.ts';

/** Which thresholds missed: one load in its test (`summary` holds the table), or loads over a merged run. */
export type ThresholdsMiss = { summary: string } | { wholeRun: readonly string[] };

/**
 * A load missed its thresholds: in the test that ran it, with the report's summary (its thresholds
 * table shows each actual value); or in `sse-test/reporter`, judged over the whole merged run,
 * naming each load (the reporter prints their summaries just before).
 *
 * @example throw thresholdsMissed({ summary: report.summary() });
 */
export function thresholdsMissed(miss: ThresholdsMiss): SseError {
  const message =
    'summary' in miss
      ? `Load thresholds missed:\n${miss.summary}`
      : `sse-test/reporter: load thresholds missed over the whole run: ${miss.wholeRun.join('; ')}.`;
  return new SseError('thresholds-missed', message);
}
