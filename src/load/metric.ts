import { Counter, type CounterJSON } from './counter.ts';
import { Rate, type RateJSON } from './rate.ts';
import { Trend, type TrendJSON } from './trend.ts';

/** Any metric of a load run. */
export type Metric = Trend | Counter | Rate;

/** Any metric as plain JSON, told apart by `type`. */
export type MetricJSON = TrendJSON | CounterJSON | RateJSON;

/**
 * What kind of metric `metric` is, as its JSON `type` says.
 *
 * @example kindOf(new Rate()); // 'rate'
 */
export function kindOf(metric: Metric): MetricJSON['type'] {
  return metric instanceof Trend ? 'trend' : metric instanceof Counter ? 'counter' : 'rate';
}

/**
 * Reads any metric back from its JSON, by its `type`.
 *
 * @param name - the metric's name, for the error message.
 * @throws TypeError when `json` is not the JSON of a trend, counter or rate.
 * @example metricFromJSON('events', { type: 'counter', unit: '', count: 3 }).count; // 3
 */
export function metricFromJSON(name: string, json: MetricJSON): Metric {
  const type: unknown = (json as { type?: unknown } | null)?.type;
  if (type === 'trend') return Trend.fromJSON(json as TrendJSON);
  if (type === 'counter') return Counter.fromJSON(json as CounterJSON);
  if (type === 'rate') return Rate.fromJSON(json as RateJSON);
  throw new TypeError(
    `The metric ${name} has type ${String(type)} in its JSON; expected trend, counter or rate.`,
  );
}

/** A trend's numbers, in its `unit`; all `NaN` but `count` and `clamped` when it has no samples. */
export interface TrendSummary {
  type: 'trend';
  unit: string;
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** Samples above 1 h, which percentiles see as 1 h. */
  clamped: number;
}

/** A counter's numbers; `rate` (per second) is `undefined` when no duration was given. */
export interface CounterSummary {
  type: 'counter';
  unit: string;
  count: number;
  rate: number | undefined;
}

/** A rate's numbers; `rate` is `NaN` with no checks. */
export interface RateSummary {
  type: 'rate';
  rate: number;
  passes: number;
  fails: number;
  count: number;
}

/** The numbers of any metric, told apart by `type`. */
export type MetricSummary = TrendSummary | CounterSummary | RateSummary;

/** Options of {@link summarize}. */
export interface SummaryOptions {
  /** The run's duration in ms, for the counters' rate per second. Without it, counters have no rate. */
  durationMs?: number;
}

/**
 * A metric's numbers as a plain object, for a text summary or a JSON report.
 *
 * @param options - `durationMs` for counter rates (default: none).
 * @example summarize(metrics.timeToFirstEvent).p95
 */
export function summarize(metric: Metric, options: SummaryOptions = {}): MetricSummary {
  if (metric instanceof Trend) {
    const { unit, count, min, mean, p50, p90, p95, p99, p999, max, clamped } = metric;
    return { type: 'trend', unit, count, min, mean, p50, p90, p95, p99, p999, max, clamped };
  }
  if (metric instanceof Counter) {
    const rate = options.durationMs === undefined ? undefined : metric.rate(options.durationMs);
    return { type: 'counter', unit: metric.unit, count: metric.count, rate };
  }
  if (metric instanceof Rate) {
    const { rate, passes, fails, count } = metric;
    return { type: 'rate', rate, passes, fails, count };
  }
  throw new TypeError(`summarize() expects a Trend, Counter or Rate; received ${String(metric)}.`);
}
