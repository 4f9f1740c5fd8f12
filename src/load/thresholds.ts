import * as errors from '../errors/thresholds.ts';
import { Counter } from './counter.ts';
import { kindOf, type Metric } from './metric.ts';
import type { LoadMetrics } from './metrics.ts';
import {
  type ParsedThreshold,
  parseThresholds,
  type ThresholdOperator,
  type Thresholds,
} from './threshold-parse.ts';
import { Trend } from './trend.ts';

/** One threshold judged: the parsed threshold, the metric's actual value, its unit and the verdict. */
export interface ThresholdResult extends ParsedThreshold {
  /** The aggregation's value, such as p(95) in ms; `NaN` when the metric has no samples. */
  value: number;
  /** Unit of `value`: the metric's (`'ms'`), per second for a counter's rate (`'/s'`), or `''`. */
  unit: string;
  /** Whether the comparison held; always false when `value` is `NaN`. */
  pass: boolean;
}

/** Options of {@link evaluateThresholds}. */
export interface EvaluateThresholdsOptions {
  /** The run's duration in ms, needed by a counter's `rate`. */
  durationMs?: number;
}

const COMPARE: Record<ThresholdOperator, (value: number, target: number) => boolean> = {
  '<': (value, target) => value < target,
  '<=': (value, target) => value <= target,
  '>': (value, target) => value > target,
  '>=': (value, target) => value >= target,
  '==': (value, target) => value === target,
  '===': (value, target) => value === target,
  '!=': (value, target) => value !== target,
};

/**
 * Judges k6-style thresholds on a load run's metrics: one result per expression, in order. A metric
 * with no samples fails every threshold but `count`.
 *
 * @param options - `durationMs`, the run's duration, for thresholds on a counter's rate.
 * @throws SseError of type `invalid-option` for an expression that cannot be parsed, a metric that
 *   does not exist, an aggregation its metric does not have, or a counter rate without `durationMs`.
 * @example
 * const results = evaluateThresholds(metrics, { timeToFirstEvent: ['p(95)<300'] });
 * if (results.some((result) => !result.pass)) throw new Error(formatThresholdTable(results));
 */
export function evaluateThresholds(
  metrics: LoadMetrics,
  thresholds: Thresholds,
  options: EvaluateThresholdsOptions = {},
): ThresholdResult[] {
  return parseThresholds(thresholds).map((threshold) => {
    const metric = metrics.get(threshold.metric);
    if (metric === undefined) {
      throw errors.unknownThresholdMetric(threshold.expression, threshold.metric, metrics.names);
    }
    const [value, unit] = measure(metric, threshold, options.durationMs);
    const pass = !Number.isNaN(value) && COMPARE[threshold.operator](value, threshold.target);
    return { ...threshold, value, unit, pass };
  });
}

function measure(
  metric: Metric,
  threshold: ParsedThreshold,
  durationMs: number | undefined,
): [number, string] {
  const { aggregation, percentile } = threshold;
  if (metric instanceof Trend) {
    if (aggregation === 'count') return [metric.count, ''];
    if (aggregation === 'avg') return [metric.mean, metric.unit];
    if (aggregation === 'min') return [metric.min, metric.unit];
    if (aggregation === 'max') return [metric.max, metric.unit];
    if (aggregation === 'med') return [metric.p50, metric.unit];
    if (percentile !== undefined) return [metric.p(percentile), metric.unit];
  } else if (metric instanceof Counter) {
    if (aggregation === 'count') return [metric.count, metric.unit];
    if (aggregation === 'rate') {
      if (durationMs === undefined) {
        throw errors.thresholdNeedsDuration(threshold.expression, threshold.metric);
      }
      return [metric.rate(durationMs), `${metric.unit}/s`];
    }
  } else if (aggregation === 'rate') {
    return [metric.rate, ''];
  }
  const kind = kindOf(metric);
  throw errors.aggregationNotAllowed(threshold.expression, threshold.metric, kind, aggregation);
}
