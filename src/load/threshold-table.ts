import { formatValue } from './format.ts';
import type { ThresholdResult } from './thresholds.ts';

/**
 * Thresholds as a plain-text table for failure messages: metric, threshold, actual value with its
 * unit, and ✓ or ✗, one row per threshold in order.
 *
 * @example
 * formatThresholdTable(evaluateThresholds(metrics, { timeToFirstEvent: ['p(95)<300'] }));
 * // metric            threshold  actual
 * // timeToFirstEvent  p(95)<300  312.4 ms  ✗
 */
export function formatThresholdTable(results: readonly ThresholdResult[]): string {
  if (results.length === 0) return '(no thresholds)';
  const rows = [
    ['metric', 'threshold', 'actual', ''],
    ...results.map((result) => [
      result.metric,
      result.expression,
      formatValue(result.value, result.unit, result.target),
      result.pass ? '✓' : '✗',
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
